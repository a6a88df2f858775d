package samples

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// layoff turns the drawn members into a restructuring (Config.Leavers,
// Receivers): exactly cfg.Leavers members leave, drawn at random, and their
// books go to cfg.Receivers colleagues in turn. It draws from a generator of
// its own, so the members a seed gives are the same with and without it.
func layoff(ms []*member, cfg Config, asOf time.Time) error {
	rng := rand.New(rand.NewPCG(cfg.Seed^0x5bd1e995, cfg.Seed^0xc2b2ae3d27d4eb4f))
	if cfg.Leavers > 0 {
		for _, m := range ms {
			if m.status != "在职" {
				// Back at work: a recent login, as the staying members have.
				m.status, m.departure = "在职", time.Time{}
				m.lastLogin = asOf.AddDate(0, 0, -rng.IntN(20))
			}
		}
		for _, i := range rng.Perm(len(ms))[:cfg.Leavers] {
			m := ms[i]
			// A layoff announced around as-of: a third already gone,
			// the rest leaving within the month.
			if rng.IntN(3) == 0 {
				m.status = "已离职"
				m.departure = asOf.AddDate(0, 0, -1-rng.IntN(30))
				m.lastLogin = m.departure.AddDate(0, 0, -rng.IntN(5))
			} else {
				m.status = "待离职"
				m.departure = asOf.AddDate(0, 0, 1+rng.IntN(30))
			}
		}
	}
	var pool []string
	if cfg.Receivers > 0 {
		for _, m := range ms {
			if len(pool) == cfg.Receivers {
				break
			}
			if m.status == "在职" && m.inScope {
				pool = append(pool, m.userid)
			}
		}
		if len(pool) < cfg.Receivers {
			return fmt.Errorf("samples: %d receivers asked for, but only %d members stay and are in scope", cfg.Receivers, len(pool))
		}
	}
	// Each leaver's receivers: the next ones in the pool, so that a split
	// book names distinct colleagues and the load is even.
	next := 0
	for i, m := range ms {
		m.receiver, m.receivers = "", nil
		if m.status == "在职" {
			continue
		}
		if len(pool) == 0 {
			// The same-department colleague, as makeMembers picks.
			for j := 1; j < len(ms); j++ {
				c := ms[(i+j)%len(ms)]
				if c.status == "在职" && c.inScope && (c.dept == m.dept || j > len(ms)/2) {
					m.receiver = c.userid
					break
				}
			}
			if m.receiver != "" {
				m.receivers = []string{m.receiver}
			}
			continue
		}
		m.receiver = pool[next%len(pool)]
		m.receivers = make([]string, min(len(pool), 4))
		for j := range m.receivers {
			m.receivers[j] = pool[(next+j)%len(pool)]
		}
		next++
	}
	return nil
}
