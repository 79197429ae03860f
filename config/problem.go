package config

import (
	"fmt"
	"io"
	"strings"
)

// Problem is one thing wrong, or worth a second look, in a configuration
// file. Load returns every problem at once, in the order of the file.
type Problem struct {
	// File is the configuration file, as its path was given to Load.
	File string
	// Line is the line of the setting in File, from 1; 0 when unknown.
	Line int
	// Field is the setting's dotted path, as in "briefs[0].schedule" or
	// "feeds.world[2]"; empty for the file as a whole.
	Field string
	// Message says what is wrong and, where it can, how to fix it. It
	// never holds a secret's value.
	Message string
	// Warning marks a problem that does not stop the bot, such as a
	// secret written in the file instead of the environment.
	Warning bool
}

// String formats p as "FILE:LINE: FIELD: MESSAGE", with "warning: " before
// the message of a warning, as compilers and linters do.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	if p.Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// HasErrors reports whether any of ps is an error rather than a warning:
// a configuration with errors must not run.
func HasErrors(ps []Problem) bool {
	for _, p := range ps {
		if !p.Warning {
			return true
		}
	}
	return false
}

// SyntaxError is a configuration file that is not YAML. Load returns it as
// its error, since nothing past it can be checked.
type SyntaxError struct {
	// File is the configuration file.
	File string
	// Line is where the YAML parser gave up, from 1; 0 when it did not
	// say.
	Line int
	// Message is the parser's complaint.
	Message string
}

// Error formats e as "FILE:LINE: YAML syntax: MESSAGE".
func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: YAML syntax: %s", e.File, e.Line, e.Message)
	}
	return fmt.Sprintf("%s: YAML syntax: %s", e.File, e.Message)
}

// Report writes each of ps to w, one a line, except the warnings when warn
// is set, which it calls with them instead; it tells whether any of ps is
// an error (HasErrors).
func Report(ps []Problem, w io.Writer, warn func(Problem)) bool {
	for _, p := range ps {
		if p.Warning && warn != nil {
			warn(p)
		} else {
			fmt.Fprintln(w, p)
		}
	}
	return HasErrors(ps)
}
