package bot

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/digestbot/digestbot/news"
)

// Referrer is a Poster that tells where its post landed: the outbox keeps
// the reference with the delivery, and a story's first post with one is
// the thread its updates go to (see Threader, Editor). slack.Channel,
// discord.Channel and discord.Webhook are Referrers; a Slack webhook
// answers "ok" and tells nothing.
type Referrer interface {
	Poster
	// PostRef posts d as Post does and returns a reference to the
	// (first) message posted: an opaque string that only the same
	// Referrer reads back, such as "C0123ABCD/1736233200.000100".
	PostRef(ctx context.Context, d news.Digest) (ref string, err error)
}

// Threader is a Referrer that can post in the thread of an earlier post:
// Slack's thread_ts, Discord's message reply. The runner posts a story's
// update to such a destination as a reply to the story's first post.
type Threader interface {
	Referrer
	// Reply posts d in the thread of the message ref (a PostRef's or
	// Reply's of this destination) and returns the reference of the
	// reply's (first) message.
	Reply(ctx context.Context, ref string, d news.Digest) (string, error)
}

// Editor is a Poster that can edit a message it posted. The runner marks
// a story's first post as updated once an update of the story is posted
// and recorded: the message is shown again as original, the digest it
// showed, with a line saying it was updated at at and where to read the
// update. Editing is idempotent; it is done once per update and never
// retried by the outbox.
type Editor interface {
	// MarkUpdated edits the message ref (a PostRef's of this
	// destination), which showed original, to say that the story was
	// updated at at.
	MarkUpdated(ctx context.Context, ref string, original news.Digest, at time.Time) error
}

// editTimeout bounds the edit of an original post, the adapter's retries
// included.
const editTimeout = 30 * time.Second

// post posts digest with p: as a reply to thread when the story has one
// there (threaded) and p can reply, else as a new message, telling where
// it landed when p can. The post that results is what the outbox records:
// its reference and the digest it showed.
func post(ctx context.Context, p Poster, digest news.Digest, thread news.Post, threaded bool) (news.Post, error) {
	var ref string
	var err error
	if t, ok := p.(Threader); ok && threaded {
		ref, err = t.Reply(ctx, thread.Ref, digest)
	} else if rp, ok := p.(Referrer); ok {
		ref, err = rp.PostRef(ctx, digest)
	} else {
		err = p.Post(ctx, digest)
	}
	if err != nil {
		return news.Post{}, err
	}
	payload, _ := json.Marshal(digest) // a news.Digest always encodes
	return news.Post{Ref: ref, Payload: payload}, nil
}

// markUpdated edits thread, the story's first post at p's destination, to
// say the story was updated at at, when p can edit. It runs once the
// update is recorded: a failure is logged, not a failed delivery (the
// update is out and recorded; the edit is never retried), and a stop
// does not cut it short.
func markUpdated(ctx context.Context, p Poster, thread news.Post, at time.Time, log *slog.Logger) {
	e, ok := p.(Editor)
	if !ok {
		return
	}
	var original news.Digest
	if err := json.Unmarshal(thread.Payload, &original); err != nil {
		log.Warn("could not mark the original post as updated: its digest does not decode", "err", err)
		return
	}
	ectx, cancel := context.WithTimeout(context.WithoutCancel(ctx), editTimeout)
	defer cancel()
	if err := e.MarkUpdated(ectx, thread.Ref, original, at); err != nil {
		log.Warn("posted the update, but could not mark the original post as updated", "err", err)
		return
	}
	log.Info("marked the original post as updated")
}
