package main

import (
	"net/http/httptest"
	"testing"
)

func TestClientAddr(t *testing.T) {
	tests := []struct {
		name, remote string
		xff          []string
		want         string
	}{
		{"direct client", "203.0.113.7:5555", nil, "203.0.113.7"},
		{"direct client cannot spoof", "203.0.113.7:5555", []string{"198.51.100.1"}, "203.0.113.7"},
		{"local proxy", "127.0.0.1:5555", []string{"198.51.100.1"}, "198.51.100.1"},
		{"local proxy appends to a forged header", "127.0.0.1:5555", []string{"10.9.9.9, 198.51.100.1"}, "198.51.100.1"},
		{"local proxy, several headers", "[::1]:5555", []string{"10.9.9.9", "198.51.100.2"}, "198.51.100.2"},
		{"local client without proxy", "127.0.0.1:5555", nil, "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/v1/ask", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := clientAddr(r); got != tt.want {
				t.Errorf("clientAddr = %q, want %q", got, tt.want)
			}
		})
	}
}
