package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkOutboxCycle measures one delivery's way through the outbox:
// Enqueue, Claim, Done.
func BenchmarkOutboxCycle(b *testing.B) {
	for _, f := range backendFixtures(b) {
		b.Run(f.name, func(b *testing.B) {
			ctx := context.Background()
			s := open(b, f.newDB(b))
			payload := []byte(`{"title":"Leaders meet in Paris","bullets":["One.","Two.","Three."]}`)
			now := time.Now()
			i := 0
			for b.Loop() {
				id := fmt.Sprintf("d%d", i)
				i++
				if err := s.Enqueue(ctx, Delivery{ID: id, Dest: "slack:#news", Payload: payload, NextAttempt: now, CreatedAt: now}); err != nil {
					b.Fatal(err)
				}
				ds, err := s.Claim(ctx, "w", now, time.Minute, 1)
				if err != nil || len(ds) != 1 {
					b.Fatalf("Claim = %d, %v", len(ds), err)
				}
				if err := s.Done(ctx, ds[0].ID, "w"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMarkSeen1000 measures marking a fetch's worth of articles seen:
// 1,000 ids, half of them seen before.
func BenchmarkMarkSeen1000(b *testing.B) {
	for _, f := range backendFixtures(b) {
		b.Run(f.name, func(b *testing.B) {
			ctx := context.Background()
			s := open(b, f.newDB(b))
			at := time.Now()
			i := 0
			for b.Loop() {
				ids := make([]string, 1000)
				for j := range ids {
					ids[j] = fmt.Sprintf("https://news.example.org/2026/03/article-%d", i*500+j)
				}
				i++
				at = at.Add(time.Second)
				if err := s.MarkSeen(ctx, ids, at); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
