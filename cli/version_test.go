package cli

import (
	"runtime/debug"
	"testing"
)

func TestVersionLine(t *testing.T) {
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i+1 < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"release from a clean tree",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"},
				Settings: vcs("vcs", "git", "vcs.revision", "abc1234def5678900112233445566778899aabbc", "vcs.time", "2026-12-07T10:11:12Z", "vcs.modified", "false")},
			"digestbot v1.2.3 (rev abc1234def56, 2026-12-07T10:11:12Z) go1.26.8"},
		{"pseudo-version from a modified tree",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261207101112-abc1234def56+dirty"},
				Settings: vcs("vcs.revision", "abc1234def5678900112233445566778899aabbc", "vcs.time", "2026-12-07T10:11:12Z", "vcs.modified", "true")},
			"digestbot v0.0.0-20261207101112-abc1234def56+dirty (rev abc1234def56, 2026-12-07T10:11:12Z, modified) go1.26.8"},
		{"built outside a repository",
			&debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"digestbot (devel) go1.26.8"},
		{"test binary", &debug.BuildInfo{}, "digestbot (devel)"},
		{"short revision", &debug.BuildInfo{Settings: vcs("vcs.revision", "abc")}, "digestbot (devel) (rev abc)"},
		{"no build information", nil, "digestbot (unknown build)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := VersionLine(tt.info); got != tt.want {
				t.Errorf("VersionLine = %q; want %q", got, tt.want)
			}
		})
	}
}
