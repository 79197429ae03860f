package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/digestbot/digestbot/bot/chat"
)

// command is an application command as Discord's API takes it. It is
// written here rather than with discordgo.ApplicationCommand, which sends
// null for every option's choices, channel types and sub-options.
type command struct {
	Name        string                           `json:"name"`
	Type        discordgo.ApplicationCommandType `json:"type"`
	Description string                           `json:"description"`
	Options     []commandOption                  `json:"options"`
}

// commandOption is one option of an application command.
type commandOption struct {
	Type        discordgo.ApplicationCommandOptionType `json:"type"`
	Name        string                                 `json:"name"`
	Description string                                 `json:"description"`
	Required    bool                                   `json:"required"`
	MaxLength   int                                    `json:"max_length,omitempty"`
}

// digestCommand is /digest with its two options.
var digestCommand = command{
	Name:        CommandName,
	Type:        discordgo.ChatApplicationCommand,
	Description: "Digest a news story: name a topic, or give article URLs",
	Options: []commandOption{
		{Type: discordgo.ApplicationCommandOptionString, Name: "topic", Description: "Words naming the story (flood barrier Zurich); or follow <words>, following, unfollow <n>", MaxLength: 200},
		{Type: discordgo.ApplicationCommandOptionString, Name: "urls", Description: "Addresses of articles about one story, separated by spaces", MaxLength: 2000},
	},
}

// Register creates (or updates) the /digest application command of
// application appID with the bot token: for one guild when guildID is set,
// which takes effect at once, or globally when it is empty. apiURL is the
// REST API base (DISCORD_API_URL; empty means DefaultAPIURL) and hc sends
// the request (nil means a client with a 30-second timeout). Discord
// replaces an existing command of the same name, so Register can be run
// again safely.
func Register(ctx context.Context, token, appID, guildID, apiURL string, hc *http.Client) error {
	if strings.TrimSpace(token) == "" {
		return errors.New("discord: no bot token (set DISCORD_BOT_TOKEN)")
	}
	if !snowflake().MatchString(appID) {
		return fmt.Errorf("discord: application ID %q is not a Discord ID (set DISCORD_APP_ID)", appID)
	}
	if guildID != "" && !snowflake().MatchString(guildID) {
		return fmt.Errorf("discord: guild ID %q is not a Discord ID", guildID)
	}
	// A pacer of its own: a registration is one request, and the shared
	// pacer's memory of refused credentials belongs to the posters.
	cl := newClient(apiURL, hc, &Pacer{}, chat.Retry{}, nil, nil)
	cl.auth = botAuth(token)
	cl.cred = credKey("bot:", cl.auth)
	cl.name = "discord-app:" + appID
	path := "/applications/" + appID + "/commands"
	if guildID != "" {
		path = "/applications/" + appID + "/guilds/" + guildID + "/commands"
	}
	var created struct {
		ID string `json:"id"`
	}
	return cl.do(ctx, request{
		method: http.MethodPost,
		url:    cl.base + path,
		route:  "POST " + path,
		bucket: "commands:" + appID,
		body:   digestCommand,
		out:    &created,
	})
}
