package discord

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

const (
	// maxBody is the largest interaction body accepted.
	maxBody = 64 << 10
	// maxSkew is how far a request's signed timestamp may be from now;
	// discordgo checks no age, so this is the replay protection.
	maxSkew = 5 * time.Minute
)

// Interactions is the http.Handler for Discord's HTTP interactions endpoint
// (POST /discord/interactions). It verifies each request's Ed25519
// signature and timestamp, answers PING with PONG, a slash or message
// command inline (response type 4), an autocomplete with its choices (type
// 8) and a vote button's click with an ephemeral thanks. Answers and votes
// are the only state, kept by the asker and the feedback recorder.
type Interactions struct {
	key ed25519.PublicKey
	r   responder
	now func() time.Time
	// slots bounds the interactions answered at once; one that finds none
	// free gets a "busy" reply at once.
	slots chan struct{}
}

// NewInteractions returns the handler for the application whose public key
// is opts.PublicKey (64 hex chars), answering with a.
func NewInteractions(opts Options, a asker) (*Interactions, error) {
	if a == nil {
		return nil, errors.New("discord: interactions: nil asker")
	}
	key, err := hex.DecodeString(strings.TrimSpace(opts.PublicKey))
	if err != nil {
		return nil, fmt.Errorf("discord: interactions: public key is not hex: %w", err)
	}
	if len(key) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("discord: interactions: public key has %d bytes, want %d", len(key), ed25519.PublicKeySize)
	}
	workers, _ := opts.workers()
	return &Interactions{key: ed25519.PublicKey(key), r: newResponder(opts, a), now: time.Now, slots: make(chan struct{}, workers)}, nil
}

// ServeHTTP handles one interaction: 405 for a method other than POST, 413
// for a body over 64 KiB, 401 for a missing or bad signature or a timestamp
// more than 5 minutes from now, 400 for malformed JSON or an interaction type
// it does not handle, else 200 with the JSON interaction response.
func (h *Interactions) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			h.r.log.Error("discord: interactions handler panicked", "panic", p, "stack", string(debug.Stack()))
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read request body", http.StatusBadRequest)
		return
	}
	if !h.fresh(r.Header.Get("X-Signature-Timestamp")) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !discordgo.VerifyInteraction(r, h.key) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	var resp discordgo.InteractionResponse
	switch i.Type {
	case discordgo.InteractionPing:
		resp.Type = discordgo.InteractionResponsePong
	case discordgo.InteractionApplicationCommand:
		c, ok := parseCommand(&i)
		if !ok {
			http.Error(w, "malformed command", http.StatusBadRequest)
			return
		}
		resp.Type = discordgo.InteractionResponseChannelMessageWithSource
		select {
		case h.slots <- struct{}{}:
			resp.Data = h.r.respond(r.Context(), c)
			<-h.slots
		default:
			h.r.shed("interaction")
			resp.Data = busy()
		}
	case discordgo.InteractionApplicationCommandAutocomplete:
		typed, _ := typedSoFar(&i)
		resp.Type = discordgo.InteractionApplicationCommandAutocompleteResult
		resp.Data = h.r.choices(r.Context(), typed)
	case discordgo.InteractionMessageComponent:
		v, ok := parseVote(&i)
		if !ok {
			http.Error(w, "unknown component", http.StatusBadRequest)
			return
		}
		resp.Type = discordgo.InteractionResponseChannelMessageWithSource
		resp.Data = h.r.vote(v)
	default:
		http.Error(w, "unsupported interaction type", http.StatusBadRequest)
		return
	}
	out, err := json.Marshal(resp)
	if err != nil {
		h.r.log.Error("discord: encode interaction response", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(out)
}

// fresh reports whether ts is a Unix time within maxSkew of now.
func (h *Interactions) fresh(ts string) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	d := h.now().Sub(time.Unix(sec, 0))
	return d <= maxSkew && d >= -maxSkew
}
