package slack_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"mssmbot/bot/slack"
	"mssmbot/bot/slack/fakeslack"
)

// BenchmarkEvents measures one signed event through /slack/events: size
// limit, signature, parsing and de-duplication (the event is a channel
// message, which the bot does not answer, so no answer is included).
func BenchmarkEvents(b *testing.B) {
	fs := fakeslack.NewServer(b)
	h, err := slack.NewHTTP(context.Background(), slack.Options{
		BotToken: fakeslack.BotToken, SigningSecret: fakeslack.SigningSecret, APIURL: fs.URL(),
	}, injecting{})
	if err != nil {
		b.Fatal(err)
	}
	handler := h.Events()
	now := time.Now()
	i := 0
	for b.Loop() {
		i++
		body := fakeslack.Event{Type: "message", ChannelType: "channel", Channel: "C1", User: "U1",
			TS: fmt.Sprintf("%d.000001", i), Text: kenya}.Callback(fmt.Sprintf("Ev%d", i))
		req := httptest.NewRequest(http.MethodPost, "/slack/events", bytes.NewReader(body))
		req.Header = fakeslack.Sign(fakeslack.SigningSecret, now, body)
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
