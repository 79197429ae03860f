package cli

import (
	"runtime/debug"
	"strings"
)

// VersionLine describes a build as "digestbot VERSION (rev R, TIME,
// modified) GOVERSION", leaving out what the build does not record: a
// binary built outside a repository (or from a Docker context without
// .git) has no revision, and a test binary no version.
func VersionLine(info *debug.BuildInfo) string {
	if info == nil {
		return "digestbot (unknown build)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var vcs []string
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		vcs = append(vcs, "rev "+rev[:min(len(rev), 12)])
	}
	if t := settings["vcs.time"]; t != "" {
		vcs = append(vcs, t)
	}
	if settings["vcs.modified"] == "true" {
		vcs = append(vcs, "modified")
	}
	line := "digestbot " + v
	if len(vcs) > 0 {
		line += " (" + strings.Join(vcs, ", ") + ")"
	}
	if info.GoVersion != "" {
		line += " " + info.GoVersion
	}
	return line
}
