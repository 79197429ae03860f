// Package slacktest helps tests speak to digestbot as Slack does: it
// signs requests with Slack's v0 scheme and spells slash commands' forms.
package slacktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Signature returns Slack's v0 signature of body at the Unix timestamp
// ts, keyed by the signing secret: "v0=" and the hex HMAC-SHA256 of
// "v0:" + ts + ":" + body.
func Signature(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// Sign sets on r, whose body is the form body, the headers of a slash
// command signed with secret at ts: its Content-Type, timestamp and
// signature.
func Sign(r *http.Request, secret string, ts time.Time, body string) {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-Slack-Request-Timestamp", stamp)
	r.Header.Set("X-Slack-Signature", Signature(secret, stamp, []byte(body)))
}

// Command returns the encoded form of a /digest text command whose reply
// goes to responseURL, from user U1 in channel C1 of team T1.
func Command(text, responseURL string) string {
	return url.Values{"command": {"/digest"}, "text": {text}, "response_url": {responseURL},
		"user_id": {"U1"}, "channel_id": {"C1"}, "team_id": {"T1"}}.Encode()
}
