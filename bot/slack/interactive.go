package slack

// Interactivity: clicks on the vote buttons of an answer (Block Kit
// block_actions) and the "Ask about this message" message shortcut, over the
// signed interactivity endpoint or Socket Mode.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/slack-go/slack"

	"mssmbot/bot"
	"mssmbot/bot/feedback"
)

// Vote buttons: their block id and action ids; the value is the answer's id.
const (
	voteBlockID  = "feedback"
	actionVoteUp = "vote_up"
	actionVoteDn = "vote_down"
)

// voteBlock is the actions block with the 👍/👎 buttons of the answer
// remembered as id; nil for none.
func voteBlock(id string) slack.Block {
	if id == "" {
		return nil
	}
	up := slack.NewButtonBlockElement(actionVoteUp, id, slack.NewTextBlockObject(slack.PlainTextType, "👍", true, false))
	down := slack.NewButtonBlockElement(actionVoteDn, id, slack.NewTextBlockObject(slack.PlainTextType, "👎", true, false))
	return slack.NewActionBlock(voteBlockID, up, down)
}

// vote is a click on a vote button.
type vote struct {
	vote, answerID, user, shown, responseURL, channel string
}

// interaction is what an interaction payload asks for: a vote, or a reply
// (the message shortcut's answer).
type interaction struct {
	vote  *vote
	reply *reply
}

// fromInteraction reads an interaction payload. Any message shortcut routed
// to the app counts as "Ask about this message".
func (r *responder) fromInteraction(cb slack.InteractionCallback) (interaction, bool) {
	if cb.User.ID == "" || cb.User.ID == r.botUserID {
		return interaction{}, false
	}
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		for _, a := range cb.ActionCallback.BlockActions {
			if a == nil || a.Value == "" {
				continue
			}
			v := vote{answerID: a.Value, user: cb.User.ID, shown: cb.Message.Text, responseURL: cb.ResponseURL, channel: cb.Channel.ID}
			switch a.ActionID {
			case actionVoteUp:
				v.vote = feedback.Up
			case actionVoteDn:
				v.vote = feedback.Down
			default:
				continue
			}
			return interaction{vote: &v}, true
		}
	case slack.InteractionTypeMessageAction:
		if cb.TriggerID != "" && !r.seen.First("shortcut:"+cb.TriggerID) {
			return interaction{}, false
		}
		rep := reply{
			q: bot.Question{Text: r.questionText(cb.Message.Text), Platform: "slack", User: cb.User.ID, Private: true,
				Mode: bot.ModeAbout},
			channel:     cb.Channel.ID,
			responseURL: cb.ResponseURL,
		}
		if rep.responseURL == "" {
			rep.ephemeralTo = cb.User.ID
		}
		return interaction{reply: &rep}, true
	}
	return interaction{}, false
}

// interact carries out an interaction in the background.
func (r *responder) interact(ctx context.Context, in interaction) {
	switch {
	case in.reply != nil:
		r.spawn(ctx, *in.reply)
	case in.vote != nil:
		v := *in.vote
		r.background(ctx, "vote", func(ctx context.Context) { r.recordVote(ctx, v) })
	}
}

// recordVote records a vote and thanks the voter (only them) through the
// click's response_url.
func (r *responder) recordVote(ctx context.Context, v vote) {
	text := "Votes are not recorded here."
	if r.fb != nil {
		res, err := r.fb.Vote("slack", v.user, v.answerID, v.vote, v.shown)
		if err != nil {
			r.log.Error("recording a vote", "err", err)
			text = "Sorry, your vote could not be recorded."
		} else {
			text = feedback.Thanks(res, v.vote)
		}
	}
	if v.responseURL == "" {
		return
	}
	msg := &slack.WebhookMessage{Text: escape(text), ResponseType: slack.ResponseTypeEphemeral, ReplaceOriginal: false}
	if err := r.postWebhook(ctx, v.responseURL, msg); err != nil {
		r.onErr(err)
		r.log.Warn("vote thanks not delivered", "err", err)
	}
}

// Interactions handles POST /slack/interactions, Slack's interactivity
// request URL: signed form posts whose payload field is the interaction as
// JSON. Each is acknowledged at once (Slack waits 3 s) and carried out in
// the background.
func (h *HTTP) Interactions() http.Handler { return http.HandlerFunc(h.serveInteractions) }

func (h *HTTP) serveInteractions(w http.ResponseWriter, req *http.Request) {
	defer h.recover(w)
	body, ok := h.verified(w, req)
	if !ok {
		return
	}
	cb, err := parseInteraction(body)
	if err != nil {
		h.r.log.Debug("interactions: bad payload", "err", err)
		http.Error(w, "bad interaction payload", http.StatusBadRequest)
		return
	}
	if in, ok := h.r.fromInteraction(cb); ok {
		h.r.interact(h.ctx, in)
	}
	w.WriteHeader(http.StatusOK)
}

// parseInteraction reads the payload field of an interactivity form post.
func parseInteraction(body []byte) (slack.InteractionCallback, error) {
	var cb slack.InteractionCallback
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return cb, fmt.Errorf("form: %w", err)
	}
	payload := form.Get("payload")
	if payload == "" {
		return cb, fmt.Errorf("no payload field")
	}
	if err := json.Unmarshal([]byte(payload), &cb); err != nil {
		return cb, fmt.Errorf("payload: %w", err)
	}
	return cb, nil
}
