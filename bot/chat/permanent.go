package chat

import "errors"

// Permanenter is an error that says whether it is permanent: whether no
// retry can cure it (the platform refused the request itself, or may have
// done it already). The adapters' errors implement it.
type Permanenter interface {
	error
	Permanent() bool
}

// IsPermanent reports whether the first error in err's chain that says
// whether it is permanent (a Permanenter) says so. An error that says
// nothing, such as a network error or a cancelled context, is not.
func IsPermanent(err error) bool {
	var p Permanenter
	return errors.As(err, &p) && p.Permanent()
}
