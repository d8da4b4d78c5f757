package memo

import "testing"

func TestMap(t *testing.T) {
	tests := []struct {
		name  string
		max   int
		keys  []string
		calls int // how many times compute runs
		held  int // how many keys the map holds at the end
	}{
		{"each key computed once", 0, []string{"a", "b", "a", "b", "a"}, 2, 2},
		{"starts again when full", 2, []string{"a", "b", "c", "a"}, 4, 2},
		{"bound not reached", 3, []string{"a", "b", "c", "a"}, 3, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := Map[int]{Max: tc.max}
			calls := 0
			for _, k := range tc.keys {
				if got := m.Of(k, func(s string) int { calls++; return len(s) * 10 }); got != len(k)*10 {
					t.Errorf("Of(%q) = %d, want %d", k, got, len(k)*10)
				}
			}
			if calls != tc.calls {
				t.Errorf("compute ran %d times, want %d", calls, tc.calls)
			}
			if len(m.m) != tc.held {
				t.Errorf("holds %d keys, want %d", len(m.m), tc.held)
			}
		})
	}
	var m Map[string]
	if _, ok := m.Get("x"); ok {
		t.Error("the zero Map holds a key")
	}
	m.Put("x", "y")
	if v, ok := m.Get("x"); !ok || v != "y" {
		t.Errorf("Get(x) = %q, %v after Put", v, ok)
	}
}
