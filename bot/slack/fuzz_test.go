package slack_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"mssmbot/bot/bottest"
	"mssmbot/bot/slack"
	"mssmbot/bot/slack/fakeslack"
)

// FuzzEvents sends arbitrary bodies and headers to both handlers: they must
// never panic, and never answer 2xx to a request that is not validly signed.
// sign asks for a real signature made age seconds ago; otherwise sig and ts
// are sent as they are.
func FuzzEvents(f *testing.F) {
	fs := fakeslack.NewServer(f)
	h, err := slack.NewHTTP(context.Background(), slack.Options{
		BotToken: fakeslack.BotToken, SigningSecret: fakeslack.SigningSecret, APIURL: fs.URL(),
	}, bottest.New(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(h.Wait)

	mentionBody := mention("C1", "1.000001", "", kenya).Callback("EvFuzz")
	imBody := dm("D1", "1.000002", "1.000000", "<!channel> "+kenya).Callback("EvFuzz2")
	verification := []byte(`{"type":"url_verification","challenge":"c"}`)
	form := []byte(fs.Form(fakeslack.Command{Text: "public " + kenya, UserID: "U1", ChannelID: "C1"}).Encode())
	for _, seed := range []struct {
		body     []byte
		sign     bool
		age      int64
		ts, sig  string
		commands bool
	}{
		{verification, true, 0, "", "", false},
		{mentionBody, true, 0, "", "", false},
		{imBody, true, 10, "", "", false},
		{form, true, 0, "", "", true},
		{mentionBody, true, 301, "", "", false},
		{mentionBody, true, -400, "", "", false},
		{mentionBody, false, 0, "1700000000", "v0=00", false},
		{verification, false, 0, "", "", false},
		{form, false, 0, "not a number", "v1=abc", true},
		{[]byte("{"), true, 0, "", "", false},
		{[]byte(`{"type":"event_callback","event":{"type":"message","channel_type":"im"}}`), true, 0, "", "", false},
		{[]byte(`{"type":"event_callback","event":null}`), true, 0, "", "", false},
		{[]byte(`{"type":"event_callback","event":{"type":"no_such_event"}}`), true, 0, "", "", false},
		{nil, false, 0, "", "", false},
		{bytes.Repeat([]byte("a"), 70<<10), true, 0, "", "", false},
	} {
		f.Add(seed.body, seed.sign, seed.age, seed.ts, seed.sig, seed.commands)
	}

	f.Fuzz(func(t *testing.T, body []byte, sign bool, age int64, ts, sig string, commands bool) {
		age %= 3600
		header := http.Header{}
		if sign {
			header = fakeslack.Sign(fakeslack.SigningSecret, time.Now().Add(-time.Duration(age)*time.Second), body)
		} else {
			header.Set("X-Slack-Request-Timestamp", ts)
			header.Set("X-Slack-Signature", sig)
		}
		handler, path := h.Events(), "/slack/events"
		if commands {
			handler, path = h.Commands(), "/slack/commands"
			header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		req.Header = header
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		// Slack allows five minutes either way; ten seconds around that
		// edge are left undecided, so the test does not depend on timing.
		stale := age > 310 || age < -310
		if (!sign || stale) && rec.Code < 300 {
			t.Errorf("%s answered %d to a request not validly signed (sign=%v age=%d)", path, rec.Code, sign, age)
		}
	})
}
