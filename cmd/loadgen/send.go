package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// sender makes and signs command n for one platform, and judges the
// server's acknowledgement.
type sender interface {
	request(ctx context.Context, n int) (*http.Request, error)
	// accepted returns "" for the acknowledgement of a command that will
	// be answered, else why it is not one.
	accepted(status int, body []byte) string
}

// slackSender sends /digest slash commands signed with Slack's v0 scheme.
type slackSender struct {
	url, secret, topic string
	p                  *peer
}

func (s slackSender) request(ctx context.Context, n int) (*http.Request, error) {
	form := url.Values{
		"token":        {"loadgen"},
		"team_id":      {"T0LOADGEN"},
		"team_domain":  {"loadgen"},
		"channel_id":   {fmt.Sprintf("C%08d", n)}, // one channel each: replies to one channel are paced
		"channel_name": {"loadgen"},
		"user_id":      {fmt.Sprintf("U%08d", n)},
		"user_name":    {"loadgen"},
		"command":      {"/digest"},
		"text":         {s.topic},
		"response_url": {s.p.responseURL(n)},
		"trigger_id":   {fmt.Sprintf("%d.loadgen", n)},
	}
	body := form.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(s.secret))
	io.WriteString(mac, "v0:"+ts+":"+body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	return req, nil
}

func (slackSender) accepted(status int, body []byte) string {
	if status != http.StatusOK {
		return fmt.Sprintf("HTTP %d", status)
	}
	var r struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return "acknowledgement is not JSON"
	}
	if r.ResponseType != "ephemeral" || !strings.Contains(r.Text, "Working on") {
		return "refused: " + r.Text
	}
	return ""
}

// discordSender sends /digest application commands signed with Ed25519,
// as Discord does.
type discordSender struct {
	url, topic string
	key        ed25519.PrivateKey
}

// appID is the application the interactions claim to be for.
const appID = "100000000000000001"

func (s discordSender) request(ctx context.Context, n int) (*http.Request, error) {
	in := map[string]any{
		"type":           2,
		"id":             strconv.Itoa(200000000000000000 + n),
		"application_id": appID,
		"token":          "loadgen-" + strconv.Itoa(n),
		"version":        1,
		"guild_id":       "300000000000000001",
		"channel_id":     strconv.Itoa(400000000000000000 + n),
		"member":         map[string]any{"user": map[string]any{"id": strconv.Itoa(500000000000000000 + n), "username": "loadgen"}},
		"data": map[string]any{
			"id": "600000000000000001", "name": "digest", "type": 1,
			"options": []any{map[string]any{"name": "topic", "type": 3, "value": s.topic}},
		},
	}
	body, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(s.key, append([]byte(ts), body...))))
	return req, nil
}

func (discordSender) accepted(status int, body []byte) string {
	if status != http.StatusOK {
		return fmt.Sprintf("HTTP %d", status)
	}
	var r struct {
		Type int `json:"type"`
		Data struct {
			Content string `json:"content"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return "acknowledgement is not JSON"
	}
	if r.Type != 5 { // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
		return "refused: " + r.Data.Content
	}
	return ""
}
