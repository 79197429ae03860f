package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/digestbot/digestbot/news"
)

// TestFollow runs the subscription suite against every available backend.
func TestFollow(t *testing.T) {
	runSuite(t, []backendTest{
		{"AddListRemove", testFollowAddListRemove},
		{"Limit", testFollowLimit},
		{"LimitAcrossReplicas", testFollowLimitReplicas},
		{"SurvivesRestart", testFollowReopen},
		{"Filter", testFollowFilter},
		{"FilterAfterUpgrade", testFollowFilterUpgrade},
	})
}

func sub(dest, words string) news.Subscription {
	return news.Subscription{Dest: dest, Platform: "slack", Team: "T1", Channel: "C1", Words: words, StoryID: "s-" + words, Title: "Title of " + words, User: "U1", Created: t0}
}

func words(subs []news.Subscription) []string {
	var out []string
	for _, s := range subs {
		out = append(out, s.Words)
	}
	return out
}

func testFollowAddListRemove(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	a, added, err := s.Follow(ctx, sub("slack:T1/C1", "Paris  Summit"), 20)
	if err != nil || !added || a.ID == 0 || a.Words != "paris summit" || !a.Created.Equal(utc(t0)) || a.Created.Location() != time.UTC {
		t.Fatalf("Follow = %+v, %v, %v; want a new subscription to %q, created %v in UTC", a, added, err, "paris summit", t0)
	}
	again, added, err := s.Follow(ctx, sub("slack:T1/C1", "paris SUMMIT"), 20)
	if err != nil || added || again.ID != a.ID || again.StoryID != "s-Paris  Summit" {
		t.Errorf("Follow(the same words again) = %+v, %v, %v; want the first one (%d), not added", again, added, err, a.ID)
	}
	if _, _, err := s.Follow(ctx, sub("slack:T1/C1", "flood barrier"), 20); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Follow(ctx, sub("discord:42", "paris summit"), 20); err != nil {
		t.Fatal(err)
	}
	got, err := s.Following(ctx, "slack:T1/C1")
	if fmt.Sprint(words(got)) != "[paris summit flood barrier]" || err != nil {
		t.Errorf("Following = %v, %v; want [paris summit flood barrier], in the order followed", words(got), err)
	}
	if got[0].Title != "Title of Paris  Summit" || got[0].User != "U1" || got[0].Team != "T1" || got[0].Platform != "slack" || got[0].Channel != "C1" {
		t.Errorf("Following[0] = %+v; want every field back", got[0])
	}
	all, err := s.Subscriptions(ctx)
	if len(all) != 3 || err != nil {
		t.Errorf("Subscriptions = %v, %v; want all 3", all, err)
	}
	if ok, err := s.Unfollow(ctx, "discord:42", got[0].ID); ok || err != nil {
		t.Errorf("Unfollow(another channel's subscription) = %v, %v; want false", ok, err)
	}
	if ok, err := s.Unfollow(ctx, "slack:T1/C1", got[0].ID); !ok || err != nil {
		t.Errorf("Unfollow = %v, %v; want true", ok, err)
	}
	if ok, err := s.Unfollow(ctx, "slack:T1/C1", got[0].ID); ok || err != nil {
		t.Errorf("Unfollow(again) = %v, %v; want false", ok, err)
	}
	if got, _ := s.Following(ctx, "slack:T1/C1"); fmt.Sprint(words(got)) != "[flood barrier]" {
		t.Errorf("Following after Unfollow = %v; want [flood barrier]", words(got))
	}
	for _, bad := range []news.Subscription{sub("", "x"), sub("slack:T1/C1", "  ")} {
		if _, _, err := s.Follow(ctx, bad, 20); err == nil {
			t.Errorf("Follow(%q in %q) succeeded; want an error", bad.Words, bad.Dest)
		}
	}
}

func testFollowLimit(t *testing.T, f backendFixture) {
	ctx := context.Background()
	s := open(t, f.newDB(t))
	for i := range 3 {
		if _, _, err := s.Follow(ctx, sub("discord:42", fmt.Sprint("story ", i)), 3); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.Follow(ctx, sub("discord:42", "one more"), 3); !errors.Is(err, ErrFollowLimit) {
		t.Errorf("Follow(a fourth, limit 3) = %v; want ErrFollowLimit", err)
	}
	if _, added, err := s.Follow(ctx, sub("discord:42", "story 1"), 3); err != nil || added {
		t.Errorf("Follow(words followed already, at the limit) = %v, %v; want the existing one", added, err)
	}
	if _, _, err := s.Follow(ctx, sub("discord:43", "one more"), 3); err != nil {
		t.Errorf("Follow in another channel = %v; want it added: the limit is per channel", err)
	}
	got, _ := s.Following(ctx, "discord:42")
	if _, err := s.Unfollow(ctx, "discord:42", got[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, added, err := s.Follow(ctx, sub("discord:42", "one more"), 3); err != nil || !added {
		t.Errorf("Follow after an unfollow = %v, %v; want it added", added, err)
	}
}

// testFollowLimitReplicas follows from two processes at once: the limit
// holds however the commands interleave.
func testFollowLimitReplicas(t *testing.T, f backendFixture) {
	ctx := context.Background()
	dsn := f.newDB(t)
	replicas := []*Store{open(t, dsn), open(t, dsn)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	added, refused := 0, 0
	for i := range 12 {
		wg.Go(func() {
			_, ok, err := replicas[i%2].Follow(ctx, sub("slack:T1/C9", fmt.Sprint("words ", i)), 5)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case errors.Is(err, ErrFollowLimit):
				refused++
			case err != nil:
				t.Error(err)
			case ok:
				added++
			}
		})
	}
	wg.Wait()
	got, err := replicas[0].Following(ctx, "slack:T1/C9")
	if added != 5 || refused != 7 || len(got) != 5 || err != nil {
		t.Errorf("12 follows at once, limit 5: %d added, %d refused, %d kept (%v); want 5, 7, 5", added, refused, len(got), err)
	}
}

func testFollowReopen(t *testing.T, f backendFixture) {
	ctx := context.Background()
	dsn := f.newDB(t)
	s := open(t, dsn)
	a, _, err := s.Follow(ctx, sub("discord:42", "flood barrier"), 20)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	got, err := open(t, dsn).Subscriptions(ctx)
	if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], a) {
		t.Errorf("Subscriptions after a restart = %+v, %v; want [%+v]", got, err, a)
	}
}

// testFollowFilter: a subscription's filter comes back as it was given,
// after a restart too; following the same words again sets their filter
// (and keeps the story and creation time), and an empty filter clears it.
func testFollowFilter(t *testing.T, f backendFixture) {
	ctx := context.Background()
	dsn := f.newDB(t)
	s := open(t, dsn)
	filter := news.Filter{Include: []string{"green fund", "Übersee"}, Exclude: []string{"coal", "fossil fuel"}, MinOutlets: 2}
	in := sub("slack:T1/C1", "paris summit")
	in.Filter = filter
	a, added, err := s.Follow(ctx, in, 20)
	if err != nil || !added || !reflect.DeepEqual(a.Filter, filter) {
		t.Fatalf("Follow with a filter = %+v, %v, %v; want it added with %+v", a.Filter, added, err, filter)
	}
	plain, _, err := s.Follow(ctx, sub("slack:T1/C1", "flood barrier"), 20)
	if err != nil || !reflect.DeepEqual(plain.Filter, news.Filter{}) {
		t.Fatalf("Follow without a filter = %+v, %v; want the zero filter", plain.Filter, err)
	}
	s.Close()
	s = open(t, dsn)
	got, err := s.Following(ctx, "slack:T1/C1")
	if err != nil || len(got) != 2 || !reflect.DeepEqual(got[0], a) || !reflect.DeepEqual(got[1], plain) {
		t.Fatalf("Following after a restart = %+v, %v; want [%+v %+v]", got, err, a, plain)
	}

	changed := news.Filter{Exclude: []string{"oil"}, MinOutlets: 3}
	again := sub("slack:T1/C1", "Paris Summit")
	again.Filter, again.StoryID, again.Created = changed, "another story", t0.Add(time.Hour)
	b, added, err := s.Follow(ctx, again, 20)
	if err != nil || added || b.ID != a.ID || b.StoryID != a.StoryID || !b.Created.Equal(a.Created) || !reflect.DeepEqual(b.Filter, changed) {
		t.Errorf("Follow(the same words, another filter) = %+v, %v, %v; want subscription %d, its story and time kept, with %+v", b, added, err, a.ID, changed)
	}
	cleared := sub("slack:T1/C1", "paris summit")
	if c, _, err := s.Follow(ctx, cleared, 20); err != nil || !reflect.DeepEqual(c.Filter, news.Filter{}) {
		t.Errorf("Follow(the same words, no filter) = %+v, %v; want the filter cleared", c.Filter, err)
	}
	all, err := s.Subscriptions(ctx)
	if err != nil || len(all) != 2 || !reflect.DeepEqual(all[0].Filter, news.Filter{}) {
		t.Errorf("Subscriptions = %+v, %v; want 2, the first without a filter now", all, err)
	}
}

// testFollowFilterUpgrade: subscriptions made at version 6, before
// filters, come back without one after the upgrade, and take one.
func testFollowFilterUpgrade(t *testing.T, f backendFixture) {
	ctx := context.Background()
	dsn := f.newDB(t)
	old, err := openWith(ctx, dsn, migrations[:6])
	if err != nil {
		t.Fatalf("open at version 6: %v", err)
	}
	// As a version 6 build wrote it; the literal reads in both dialects.
	must(t, old.exec(ctx, `INSERT INTO subscriptions (dest, platform, team, channel, words, story_id, title, user_id, created_at)
		VALUES ('discord:42', 'discord', '', '42', 'flood barrier', 's1', 'Barrier approved', 'U1', '2026-03-29T05:00:00.000000Z')`))
	old.Close()
	s := open(t, dsn)
	got, err := s.Subscriptions(ctx)
	if err != nil || len(got) != 1 || got[0].Words != "flood barrier" || !reflect.DeepEqual(got[0].Filter, news.Filter{}) {
		t.Fatalf("Subscriptions after the upgrade = %+v, %v; want the old one, without a filter", got, err)
	}
	in := got[0]
	in.Filter = news.Filter{Exclude: []string{"storm"}}
	if b, added, err := s.Follow(ctx, in, 20); err != nil || added || b.ID != got[0].ID || !reflect.DeepEqual(b.Filter, in.Filter) {
		t.Errorf("Follow(its words, a filter) = %+v, %v, %v; want the old one with the filter", b, added, err)
	}
	if again, _ := s.Subscriptions(ctx); len(again) != 1 || !reflect.DeepEqual(again[0].Filter, in.Filter) {
		t.Errorf("Subscriptions = %+v; want the filter kept", again)
	}
}
