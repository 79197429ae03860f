package bot

import (
	"context"
	"errors"
	"time"

	"github.com/digestbot/digestbot/news"
)

// Evidencer is a Referrer that can post, under a digest it posted, the
// digest's evidence (news.Bullet.Evidence): each bullet with the sentence
// of every article that carries it, linked to the article. slack.Channel
// posts it in the digest's thread, discord.Channel as a reply to the
// digest; each only when its Evidence option is set (NewPoster sets it
// unless the destination says evidence: off). Webhooks are no
// Evidencers: neither platform's can reply, and a second message of its
// own would double what the channel shows (see the README).
//
// The evidence goes out after the digest is posted and recorded, once,
// never retried by the outbox: a failure is logged (by `digestbot post`,
// printed as a warning) and leaves the digest posted, and the delivery
// sent, once.
type Evidencer interface {
	Referrer
	// PostEvidence posts the evidence of d, posted as the message ref (a
	// PostRef's or Reply's), under it: thread is the first message of
	// the thread d went in — ref itself, or the story's first post when
	// d is an update posted with Reply. It posts nothing when d has no
	// evidence or the option is off.
	PostEvidence(ctx context.Context, thread, ref string, d news.Digest) error
	// PreviewEvidence returns, as Previewer.Preview does, the body of
	// each request PostEvidence would send for d, with a stand-in for
	// where d lands; none when it would send none.
	PreviewEvidence(ctx context.Context, d news.Digest) ([][]byte, error)
}

// evidenceTimeout bounds the evidence of one digest, however many
// messages it takes, the adapter's retries included.
const evidenceTimeout = 30 * time.Second

// evidenceKey is the idempotency key of the evidence of the delivery id
// (Runner.KeyContext): another than the delivery's own, so that Discord
// does not take the evidence for the digest's messages.
func evidenceKey(id string) string { return id + "/evidence" }

// errNoRef is postEvidence's error when the post told nothing of where it
// landed.
var errNoRef = errors.New("the post did not say where it landed")

// postEvidence posts the evidence of d, just posted with p as the message
// ref in the thread of thread (see Evidencer), when p can; under a stop it
// still runs, within evidenceTimeout. Its failure leaves d posted: the
// caller logs it.
func postEvidence(ctx context.Context, p Poster, thread, ref string, d news.Digest) error {
	e, ok := p.(Evidencer)
	if !ok || !hasEvidence(d) {
		return nil
	}
	if ref == "" {
		return errNoRef
	}
	if thread == "" {
		thread = ref
	}
	ectx, cancel := context.WithTimeout(context.WithoutCancel(ctx), evidenceTimeout)
	defer cancel()
	return e.PostEvidence(ectx, thread, ref, d)
}

// hasEvidence reports whether a bullet of d has evidence.
func hasEvidence(d news.Digest) bool {
	for _, b := range d.Bullets {
		if len(b.Evidence) > 0 {
			return true
		}
	}
	return false
}

// postWithEvidence posts d with p (PostRef when p is an Evidencer, so
// that its evidence can answer it) and then its evidence. err is the
// post's; evidence the evidence's, which leaves d posted.
func postWithEvidence(ctx context.Context, p Poster, d news.Digest) (evidence, err error) {
	e, ok := p.(Evidencer)
	if !ok || !hasEvidence(d) {
		return nil, p.Post(ctx, d)
	}
	ref, err := e.PostRef(ctx, d)
	if err != nil {
		return nil, err
	}
	return postEvidence(ctx, p, ref, ref, d), nil
}
