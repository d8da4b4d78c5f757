package slack

import (
	"container/list"
	"sync"
	"time"
)

// seenSet remembers recently seen deliveries so that a redelivered or
// doubly delivered event is answered once. Each delivery is remembered under
// all its keys at once — its event_id, which Slack's retries repeat, and its
// channel and ts, which the app_mention and message.im of one DM share — so
// memory is bounded in deliveries, by both a capacity and a time to live;
// the oldest go first.
type seenSet struct {
	mu    sync.Mutex
	ttl   time.Duration
	limit int
	now   func() time.Time
	order *list.List // of *seenEntry, oldest first
	keys  map[string]*list.Element
}

type seenEntry struct {
	keys []string
	at   time.Time
}

// newSeenSet returns a set keeping at most limit deliveries for at most ttl.
func newSeenSet(limit int, ttl time.Duration) *seenSet {
	return &seenSet{ttl: ttl, limit: limit, now: time.Now, order: list.New(), keys: map[string]*list.Element{}}
}

// First records a delivery under its keys (empty ones ignored) and reports
// whether none of them was seen within the TTL.
func (s *seenSet) First(keys ...string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for e := s.order.Front(); e != nil; e = s.order.Front() {
		ent := e.Value.(*seenEntry)
		if s.order.Len() <= s.limit && now.Sub(ent.at) < s.ttl {
			break
		}
		s.remove(e)
	}
	var kept []string
	for _, k := range keys {
		if k == "" {
			continue
		}
		if _, ok := s.keys[k]; ok {
			return false
		}
		kept = append(kept, k)
	}
	if len(kept) == 0 {
		return true
	}
	el := s.order.PushBack(&seenEntry{keys: kept, at: now})
	for _, k := range kept {
		s.keys[k] = el
	}
	if s.order.Len() > s.limit {
		s.remove(s.order.Front())
	}
	return true
}

// remove forgets one delivery. s.mu is held.
func (s *seenSet) remove(e *list.Element) {
	s.order.Remove(e)
	for _, k := range e.Value.(*seenEntry).keys {
		if s.keys[k] == e {
			delete(s.keys, k)
		}
	}
}

// len reports how many deliveries are held.
func (s *seenSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.order.Len()
}
