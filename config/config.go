// Package config loads and checks digestbot's configuration: one YAML file
// of feeds (named groups), briefs (feeds, a cron schedule with a time zone,
// the number of stories, the digest's shape, destinations), named
// destinations, slash-command settings, the HTTP address, the store, the
// address ranges fetches may reach, and logging. docs/CONFIG.md describes
// every key.
//
// Load returns the Config and every problem at once, each naming the file,
// line and field ("digestbot.yaml:12: briefs[0].schedule: …"). Secrets
// come only from the environment, through ${NAME} in any value and a
// getenv function the caller passes in; a secret written in the file is a
// warning, and no problem or printed value ever shows one.
//
// Digest, the shape of one digest, is shared with the command line's
// flags. Nothing here is global: main loads the file once and passes
// values on.
package config

import (
	"errors"
	"fmt"
)

// Digest is the shape of a digest: its budget and the order of its
// bullets.
type Digest struct {
	// Words is the word budget of the whole digest.
	Words int
	// Bullets is the most bullets a digest has; 0 means the default (10,
	// or one per ten words of a larger budget).
	Bullets int
	// MaxBulletWords is the longest a bullet may be, in words.
	MaxBulletWords int
	// Order is "rank" (most supported facts first) or "source" (the order
	// of the sources).
	Order string
}

// DefaultDigest is the digest of a newsroom's Quick Looks box: about 100
// words in bullets of at most 20, most supported first.
var DefaultDigest = Digest{Words: 100, MaxBulletWords: 20, Order: "rank"}

// FieldError is one problem with one setting.
type FieldError struct {
	// Field names the setting as the user wrote it ("--words", "words").
	Field string
	// Problem says what is wrong with it.
	Problem string
}

// Error formats e as "FIELD: PROBLEM".
func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// Validate returns every problem with d at once, each a *FieldError naming
// the setting, or nil.
func (d Digest) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	if d.Words < 6 {
		bad("words", "%d is too small: a digest needs at least one bullet of 6 words", d.Words)
	}
	if d.Bullets < 0 {
		bad("bullets", "%d is negative", d.Bullets)
	}
	if d.MaxBulletWords < 6 {
		bad("max-bullet-words", "%d is too small: bullets have at least 6 words", d.MaxBulletWords)
	}
	if d.Order != "rank" && d.Order != "source" {
		bad("order", "%q is not rank or source", d.Order)
	}
	return errors.Join(errs...)
}
