package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// testSendingAndSent walks a delivery through a send: Sending needs a
// running lease and extends it; a claim after the sender stopped says the
// delivery may be out; Sent finishes it and records its bullets in one
// step, whoever holds it now; Retry says the send certainly failed.
func testSendingAndSent(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	const lease = 30 * time.Second
	for _, id := range []string{"d1", "d2"} {
		must(t, s.enqueue(ctx, news.Delivery{ID: id, Dest: "slack:#news", StoryID: "s-" + id, Payload: []byte(`{}`), NextAttempt: t0, CreatedAt: t0}))
	}
	ds, err := s.Claim(ctx, "a", t0, lease, 10)
	if err != nil || len(ds) != 2 {
		t.Fatalf("Claim = %v, %v; want 2 deliveries", ds, err)
	}
	if d := ds[0]; d.Owner != "a" || !d.LeaseUntil.Equal(utc(t0.Add(lease))) || !d.SendingAt.IsZero() {
		t.Errorf("claimed %+v; want owner a, lease until t0+30s, no send begun", d)
	}
	if err := s.Sending(ctx, "d1", "b", t0, lease); !errors.Is(err, ErrNotOwner) {
		t.Errorf("Sending by another owner = %v; want ErrNotOwner", err)
	}
	if err := s.Sending(ctx, "d1", "a", t0.Add(lease), lease); !errors.Is(err, ErrNotOwner) {
		t.Errorf("Sending once the lease ended = %v; want ErrNotOwner (the delivery must not be sent)", err)
	}
	must(t, s.Sending(ctx, "d1", "a", t0.Add(10*time.Second), lease))
	must(t, s.Extend(ctx, "d1", "a", t0.Add(time.Minute)))
	// The lease now runs to t0+1m: nobody else may claim d1 before.
	if ds, _ := s.Claim(ctx, "b", t0.Add(59*time.Second), lease, 10); len(ds) != 1 || ds[0].ID != "d2" {
		t.Errorf("Claim during the extended lease = %+v; want d2 only", ds)
	}
	// a stops between the send and its record: the next claim says so.
	ds, err = s.Claim(ctx, "c", t0.Add(2*time.Minute), lease, 10)
	if err != nil || len(ds) != 2 {
		t.Fatalf("Claim after a stopped = %+v, %v; want d1 and d2", ds, err)
	}
	for _, d := range ds {
		switch d.ID {
		case "d1":
			if !d.SendingAt.Equal(utc(t0.Add(10 * time.Second))) {
				t.Errorf("d1.SendingAt = %v; want t0+10s: its send began and was never recorded", d.SendingAt)
			}
		case "d2":
			if !d.SendingAt.IsZero() {
				t.Errorf("d2.SendingAt = %v; want zero: no send began", d.SendingAt)
			}
		}
	}
	// The post of d1 is out: Sent records it even by the old owner's hand.
	must(t, s.Sent(ctx, "d1", "slack:#news", "s-d1", []string{"One.", "Two.", "One."}, news.Post{}, t0.Add(3*time.Minute)))
	must(t, s.Sent(ctx, "d1", "slack:#news", "s-d1", []string{"Two."}, news.Post{}, t0.Add(4*time.Minute))) // idempotent
	if got, ok, err := s.Posted(ctx, "slack:#news", "s-d1"); err != nil || !ok || !slices.Equal(got, []string{"One.", "Two."}) {
		t.Errorf("Posted after Sent = %q, %v, %v; want [One. Two.]", got, ok, err)
	}
	if err := s.Done(ctx, "d1", "c"); err != nil {
		t.Errorf("Done by the current owner after Sent = %v; want nil (it is done)", err)
	}
	// d2's send began and certainly failed: a retry clears the mark.
	must(t, s.Sending(ctx, "d2", "c", t0.Add(2*time.Minute), lease))
	must(t, s.Retry(ctx, "d2", "c", t0.Add(3*time.Minute), "slack: 500"))
	ds, err = s.Claim(ctx, "c", t0.Add(3*time.Minute), lease, 10)
	if err != nil || len(ds) != 1 || !ds[0].SendingAt.IsZero() {
		t.Errorf("Claim after a certain failure = %+v, %v; want d2 without a send begun", ds, err)
	}
	if n, _ := s.pending(ctx); n != 1 {
		t.Errorf("Pending = %d; want 1 (d2)", n)
	}
	if err := s.Sent(ctx, "", "x", "y", nil, news.Post{}, t0); err == nil || !strings.HasPrefix(err.Error(), "store: ") {
		t.Errorf("Sent without an id = %v; want a store: error", err)
	}
}

// testRelease: a claimed delivery given back untried is due at the time
// given, free for anyone, and its attempt does not count.
func testRelease(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	must(t, s.enqueue(ctx, news.Delivery{ID: "d1", Dest: "x", StoryID: "s", NextAttempt: t0, CreatedAt: t0}))
	if _, err := s.Claim(ctx, "a", t0, time.Minute, 1); err != nil {
		t.Fatal(err)
	}
	if err := s.Release(ctx, "d1", "b", t0); !errors.Is(err, ErrNotOwner) {
		t.Errorf("Release by another owner = %v; want ErrNotOwner", err)
	}
	must(t, s.Release(ctx, "d1", "a", t0.Add(time.Minute)))
	if ds, _ := s.Claim(ctx, "b", t0.Add(59*time.Second), time.Minute, 1); len(ds) != 0 {
		t.Errorf("Claim before the release's due time = %+v; want none", ds)
	}
	ds, err := s.Claim(ctx, "b", t0.Add(time.Minute), time.Minute, 1)
	if err != nil || len(ds) != 1 || ds[0].Attempts != 1 {
		t.Errorf("Claim after Release = %+v, %v; want d1 at attempt 1 (the released claim does not count)", ds, err)
	}
}

// testOutstanding lists what is not done, with who holds it.
func testOutstanding(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	for i, id := range []string{"d1", "d2", "d3"} {
		must(t, s.enqueue(ctx, news.Delivery{ID: id, Dest: "x", Brief: "morning", StoryID: id, Payload: []byte(`{"big":true}`),
			NextAttempt: t0, CreatedAt: t0.Add(time.Duration(i) * time.Second)}))
	}
	if _, err := s.Claim(ctx, "a", t0, time.Minute, 2); err != nil {
		t.Fatal(err)
	}
	must(t, s.Done(ctx, "d1", "a"))
	ds, err := s.Outstanding(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.ID+"/"+d.Owner)
		if d.Payload != nil {
			t.Errorf("Outstanding %s has a payload; want none (a list, not the posts)", d.ID)
		}
		if d.Brief != "morning" {
			t.Errorf("Outstanding %s brief = %q; want morning", d.ID, d.Brief)
		}
	}
	if want := []string{"d2/a", "d3/"}; !slices.Equal(got, want) {
		t.Errorf("Outstanding = %v; want %v", got, want)
	}
	if d := ds[0]; !d.LeaseUntil.Equal(utc(t0.Add(time.Minute))) {
		t.Errorf("Outstanding d2 lease until %v; want t0+1m", d.LeaseUntil)
	}
}

// testSupersede: a run's delivery of a story finishes the earlier runs'
// pending deliveries of the same story to the same destination, unless
// their owner's lease still runs.
func testSupersede(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	created := t0.Add(-time.Hour) // when run 1's deliveries were made
	s.now = func() time.Time { return created }
	old := []news.Delivery{
		{ID: "run1-flood", Dest: "discord:1", Brief: "morning", StoryID: "flood", Payload: []byte(`{}`), NextAttempt: time.Now().Add(time.Hour)},
		{ID: "run1-fire", Dest: "discord:1", Brief: "morning", StoryID: "fire", Payload: []byte(`{}`)},
		{ID: "run1-flood-slack", Dest: "slack:#news", Brief: "morning", StoryID: "flood", Payload: []byte(`{}`)},
	}
	if ok, err := s.ClaimRunWith(ctx, "morning", t0, "a", old); !ok || err != nil {
		t.Fatalf("ClaimRunWith(run 1) = %v, %v", ok, err)
	}
	// run1-fire is being sent by a live owner; run1-flood waits for a
	// retry.
	now := time.Now()
	if ds, err := s.Claim(ctx, "a", now, time.Hour, 10); err != nil || len(ds) != 2 {
		t.Fatalf("Claim = %+v, %v; want run1-fire and run1-flood-slack", ds, err)
	}
	must(t, s.Release(ctx, "run1-flood-slack", "a", now))
	s.now = time.Now
	next := []news.Delivery{
		{ID: "run2-flood", Dest: "discord:1", Brief: "morning", StoryID: "flood", Payload: []byte(`{}`)},
		{ID: "run2-fire", Dest: "discord:1", Brief: "morning", StoryID: "fire", Payload: []byte(`{}`)},
	}
	if ok, err := s.ClaimRunWith(ctx, "morning", t0.Add(time.Minute), "b", next); !ok || err != nil {
		t.Fatalf("ClaimRunWith(run 2) = %v, %v", ok, err)
	}
	ds, err := s.Outstanding(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.ID)
	}
	slices.Sort(got)
	// run1-flood is superseded; run1-fire is held by a; the Slack delivery
	// is another destination's.
	if want := []string{"run1-fire", "run1-flood-slack", "run2-fire", "run2-flood"}; !slices.Equal(got, want) {
		t.Errorf("outstanding after run 2 = %v; want %v", got, want)
	}
	// run2-flood takes run1-flood's place: its due time (the retry in an
	// hour), creation time and attempts; run2-fire supersedes nothing and
	// keeps its own.
	by := map[string]news.Delivery{}
	for _, d := range ds {
		by[d.ID] = d
	}
	if d := by["run2-flood"]; !d.NextAttempt.Equal(utc(old[0].NextAttempt)) || !d.CreatedAt.Equal(utc(created)) {
		t.Errorf("run2-flood due %v, created %v; want run1-flood's %v, %v", d.NextAttempt, d.CreatedAt, utc(old[0].NextAttempt), utc(created))
	}
	if d := by["run2-fire"]; d.CreatedAt.Equal(utc(created)) {
		t.Errorf("run2-fire created %v: it superseded nothing and should keep its own time", d.CreatedAt)
	}
}

// testThread: the first post of a story at a destination that tells where
// it landed is the story's thread there, with the digest it showed; later
// posts (the replies) keep their own refs with their deliveries and leave
// the thread as it is; a post without a ref makes no thread; and a
// database of version 4, whose posts have no refs, has no threads.
func testThread(t *testing.T, f backendFixture) {
	ctx := context.Background()
	dsn := f.newDB(t)
	old, err := openWith(ctx, dsn, migrations[:4])
	if err != nil {
		t.Fatalf("open at version 4: %v", err)
	}
	must(t, old.recordPosted(ctx, "slack:#news", "s-old", []string{"Old."}, t0))
	old.Close()
	s := open(t, dsn)
	if p, ok, err := s.Thread(ctx, "slack:#news", "s-old"); err != nil || ok || p.Ref != "" {
		t.Errorf("Thread of a story posted before version 5 = %+v, %v, %v; want none", p, ok, err)
	}
	const dest, story = "slack:C0123ABCD", "s1"
	for _, id := range []string{"first", "reply", "again", "hook1", "hook2"} {
		d := dest
		if strings.HasPrefix(id, "hook") {
			d = "slack-webhook:ops"
		}
		must(t, s.enqueue(ctx, news.Delivery{ID: id, Dest: d, StoryID: story, Payload: []byte(`{}`), NextAttempt: t0, CreatedAt: t0}))
	}
	if _, ok, err := s.Thread(ctx, dest, story); err != nil || ok {
		t.Errorf("Thread before any post = %v, %v; want none", ok, err)
	}
	first := news.Post{Ref: "C0123ABCD/1736233200.000100", Payload: []byte(`{"title":"Talks \u00e9"}`)}
	must(t, s.Sent(ctx, "first", dest, story, []string{"One."}, first, t0))
	reply := news.Post{Ref: "C0123ABCD/1736236800.000200", Payload: []byte(`{"title":"Update: Talks"}`)}
	must(t, s.Sent(ctx, "reply", dest, story, []string{"Two."}, reply, t0.Add(time.Hour)))
	must(t, s.Sent(ctx, "reply", dest, story, []string{"Two."}, reply, t0.Add(time.Hour))) // idempotent
	// A post whose ref could not be had (say, by an older build) replies
	// to nothing and changes nothing.
	must(t, s.Sent(ctx, "again", dest, story, []string{"Three."}, news.Post{Payload: []byte(`{"x":1}`)}, t0.Add(2*time.Hour)))
	got, ok, err := s.Thread(ctx, dest, story)
	if err != nil || !ok || got.Ref != first.Ref || string(got.Payload) != string(first.Payload) {
		t.Errorf("Thread = %q %s, %v, %v; want the first post %q %s", got.Ref, got.Payload, ok, err, first.Ref, first.Payload)
	}
	if b, _, _ := s.Posted(ctx, dest, story); !slices.Equal(b, []string{"One.", "Two.", "Three."}) {
		t.Errorf("Posted = %q; want the bullets of all three posts", b)
	}
	for id, want := range map[string]string{"first": first.Ref, "reply": reply.Ref, "again": ""} {
		if ref, err := s.deliveryRef(ctx, id); err != nil || ref != want {
			t.Errorf("ref of delivery %s = %q, %v; want %q", id, ref, err, want)
		}
	}
	// A destination that tells nothing has no thread until one does.
	must(t, s.Sent(ctx, "hook1", "slack-webhook:ops", story, []string{"One."}, news.Post{}, t0))
	if _, ok, err := s.Thread(ctx, "slack-webhook:ops", story); err != nil || ok {
		t.Errorf("Thread after a post without a ref = %v, %v; want none", ok, err)
	}
	must(t, s.Sent(ctx, "hook2", "slack-webhook:ops", story, []string{"Two."}, news.Post{Ref: "r2", Payload: []byte(`{}`)}, t0))
	if p, ok, err := s.Thread(ctx, "slack-webhook:ops", story); err != nil || !ok || p.Ref != "r2" {
		t.Errorf("Thread after a post with a ref = %+v, %v, %v; want r2", p, ok, err)
	}
}
