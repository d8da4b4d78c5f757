package corpus

import "testing"

func TestFullMonth(t *testing.T) {
	tests := []struct {
		name string
		w    string
		ok   bool
	}{
		{"a month in full", "june", true},
		{"may, the month", "may", true},
		{"an abbreviation", "jun", false},
		{"an abbreviation with a period", "sept", false},
		{"not a month", "junk", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := FullMonth(tt.w); ok != tt.ok {
				t.Errorf("FullMonth(%q) = %v, want %v", tt.w, ok, tt.ok)
			}
		})
	}
}
