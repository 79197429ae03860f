package discord

import (
	"reflect"
	"strings"
	"testing"
)

func TestRegister(t *testing.T) {
	f := newFakeDiscord(t)
	wantBody := map[string]any{
		"name":        "digest",
		"type":        1.0,
		"description": digestCommand.Description,
		"options": []any{
			map[string]any{"type": 3.0, "name": "topic", "description": digestCommand.Options[0].Description, "required": false, "max_length": 200.0},
			map[string]any{"type": 3.0, "name": "urls", "description": digestCommand.Options[1].Description, "required": false, "max_length": 2000.0},
		},
	}
	tests := []struct {
		name, token, guild string
		wantRoute, wantErr string
	}{
		{name: "global", token: fakeBotToken, wantRoute: routeCommands},
		{name: "guild", token: "Bot " + fakeBotToken, guild: "800000000000000001", wantRoute: routeGuildCmd},
		{name: "invalid token", token: "wrong-SECRET", wantRoute: routeCommands,
			wantErr: "discord: POST /applications/" + fakeAppID + "/commands: 401 Unauthorized"},
		{name: "no token", wantErr: "no bot token"},
		{name: "bad guild", token: fakeBotToken, guild: "../x", wantErr: "guild ID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := len(f.requests(tc.wantRoute))
			err := Register(t.Context(), tc.token, fakeAppID, tc.guild, f.apiURL(), nil)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Register error = %v; want %q", err, tc.wantErr)
				}
				noSecrets(t, "error", err.Error())
				if tc.wantRoute != "" && len(f.requests(tc.wantRoute))-before != 1 {
					t.Errorf("a refused registration was retried")
				}
				return
			}
			if err != nil {
				t.Fatalf("Register: %v", err)
			}
			reqs := f.requests(tc.wantRoute)[before:]
			if len(reqs) != 1 {
				t.Fatalf("%d requests on %s; want 1", len(reqs), tc.wantRoute)
			}
			if reqs[0].Auth != "Bot "+fakeBotToken {
				t.Errorf("Authorization = %q; want the bot token", reqs[0].Auth)
			}
			if !reflect.DeepEqual(reqs[0].Body, wantBody) {
				t.Errorf("command = %v\nwant %v", reqs[0].Body, wantBody)
			}
		})
	}
}
