package discordtest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// Signer signs HTTP interaction requests as Discord does: Ed25519 over the
// timestamp followed by the raw body.
type Signer struct {
	pub  ed25519.PublicKey
	priv ed25519.PrivateKey
}

// NewSigner returns a Signer with a fresh key pair.
func NewSigner(tb testing.TB) *Signer {
	tb.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatalf("discordtest: generate key: %v", err)
	}
	return &Signer{pub: pub, priv: priv}
}

// PublicKey returns the public key as 64 hex chars, the form of
// DISCORD_PUBLIC_KEY.
func (s *Signer) PublicKey() string { return hex.EncodeToString(s.pub) }

// Sign sets the signature headers on r for body signed at time at.
func (s *Signer) Sign(r *http.Request, body []byte, at time.Time) {
	ts := strconv.FormatInt(at.Unix(), 10)
	r.Header.Set("X-Signature-Timestamp", ts)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(s.priv, append([]byte(ts), body...))))
}

// NewRequest returns a POST of body to url, signed now.
func (s *Signer) NewRequest(tb testing.TB, url string, body []byte) *http.Request {
	tb.Helper()
	r, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		tb.Fatalf("discordtest: new request: %v", err)
	}
	r.Header.Set("Content-Type", "application/json")
	s.Sign(r, body, time.Now())
	return r
}
