// Package samples writes realistic synthetic WeCom exports: the files
// `auditor samples` produces, in the shapes HR actually has (DOMAIN D19–D21):
// a roster with Chinese headers under an export title, an itemised contact
// export, a groups list, HR's handover sheet and an enterprise profile.
//
// The data files beside this source are the small sample enterprise the
// README's first command audits; Showcase regenerates them.
package samples

import (
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
)

// Config sizes a synthetic enterprise.
type Config struct {
	Members  int
	Contacts int
	Seed     uint64
	// AsOf anchors the dates (departures around it); zero means 2026-11-30.
	AsOf time.Time
	// InlineStrings writes the contacts as excelize's StreamWriter does
	// (inline strings, dates as text); otherwise as Excel and WeCom's servers
	// do (a shared-string table, dates as date-formatted numbers).
	InlineStrings bool
	// ContactSeed, when not zero, draws the contact rows from a seed of
	// their own while the members (roster, handover sheet, groups) still
	// come from Seed, and starts the external ids at a range of its own:
	// exports with different ContactSeeds are different relationships of
	// one enterprise, all owned by members of the one roster (bench/linear.sh).
	ContactSeed uint64

	// The layoff workload (issue 24): a restructuring in which many
	// members leave at once and a few colleagues take their books.
	// Leavers, when not zero, makes exactly that many members leave
	// (departures from 30 days before AsOf to 30 days after); otherwise
	// about one member in 25 leaves. Receivers, when not zero, hands every
	// leaver's book to that many active in-scope members in turn; otherwise
	// each leaver's receiver is a colleague of the same department.
	// HandoverRows, when not zero, writes that many rows to the handover
	// sheet (at least one per leaver): a leaver with several rows splits
	// the book across several receivers, with counts.
	Leavers      int
	Receivers    int
	HandoverRows int
}

// Files names what Generate writes inside the output folder.
var Files = struct{ Roster, Contacts, Groups, Plan, Profile string }{
	"roster.xlsx", "contacts.xlsx", "groups.xlsx", "handover.xlsx", "profile.yaml",
}

// maxSheetRows is Excel's row limit less the header: bigger exports continue
// on further sheets, as WeCom's do.
const maxSheetRows = 1_048_575

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given    = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "堃", "喆", "玥", "昇", "犇", "燚", "子涵", "欣怡", "浩然", "宇轩", "雨桐", "梓萱"}
	depts    = []string{"销售部/华东大区", "销售部/华南大区", "销售部/华北大区", "客户成功部", "市场部", "渠道部/代理商管理", "售后服务部", "产品部", "财务部", "人力资源部"}
	pinyin   = []string{"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo"}
	sources  = []string{"扫描二维码", "搜索手机号", "名片分享", "群聊", "其他"}
)

type member struct {
	userid, name, dept string
	status             string // 在职 / 待离职 / 已离职
	departure          time.Time
	inScope            bool
	receiver           string
	receivers          []string // a layoff's receivers for split books, receiver first
	lastLogin          time.Time
	customers          int
	external           int
}

// Generate writes a synthetic enterprise into dir, streaming the contacts so
// that a million rows need no more memory than a thousand.
func Generate(dir string, cfg Config) error {
	if cfg.Members < 2 {
		return fmt.Errorf("samples: need at least 2 members, got %d", cfg.Members)
	}
	if cfg.Contacts < 0 {
		return fmt.Errorf("samples: contacts must not be negative")
	}
	if cfg.Leavers < 0 || cfg.Receivers < 0 || cfg.HandoverRows < 0 {
		return fmt.Errorf("samples: leavers, receivers and handover rows must not be negative")
	}
	if cfg.Leavers >= cfg.Members {
		return fmt.Errorf("samples: %d leavers need more members than %d (someone has to stay)", cfg.Leavers, cfg.Members)
	}
	asOf := cfg.AsOf
	if asOf.IsZero() {
		asOf = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	ms := makeMembers(rng, cfg.Members, asOf, cfg.Leavers == 0 && cfg.Receivers == 0)
	if cfg.Leavers > 0 || cfg.Receivers > 0 {
		if err := layoff(ms, cfg, asOf); err != nil {
			return err
		}
	}
	spread(rng, ms, cfg.Contacts)
	if err := writeRoster(filepath.Join(dir, Files.Roster), ms, false); err != nil {
		return err
	}
	crng, idBase := rng, uint64(0)
	if cfg.ContactSeed != 0 {
		crng = rand.New(rand.NewPCG(cfg.ContactSeed, cfg.ContactSeed^0x9e3779b97f4a7c15))
		// Ids stay below 2^36 per export; the multiplier below is a
		// bijection below 2^48-1, so exports never share an id by accident.
		idBase = (cfg.ContactSeed % 4096) << 36
	}
	if err := writeContacts(filepath.Join(dir, Files.Contacts), crng, ms, asOf, cfg.InlineStrings, idBase); err != nil {
		return err
	}
	if err := writeGroups(filepath.Join(dir, Files.Groups), rng, ms); err != nil {
		return err
	}
	if err := writePlan(filepath.Join(dir, Files.Plan), ms, cfg.HandoverRows); err != nil {
		return err
	}
	profile := fmt.Sprintf("company: 示例科技有限公司\nverified: true\ndaily_active_users: %d\nenterprise_cap: %d\nmember_cap_default: 5000\nnear_cap_ratio: 0.9\n",
		max(60, cfg.Members*8/10), 50000*(1+cfg.Contacts/50000))
	return os.WriteFile(filepath.Join(dir, Files.Profile), []byte(profile), 0o644)
}

// makeMembers draws the members; with pickReceivers each leaver's receiver
// is a colleague of the same department (layoff picks its own).
func makeMembers(rng *rand.Rand, n int, asOf time.Time, pickReceivers bool) []*member {
	ms := make([]*member, n)
	for i := range ms {
		m := &member{
			userid:    fmt.Sprintf("%s%05d", pinyin[rng.IntN(len(pinyin))], i+1),
			name:      string(surnames[rng.IntN(len(surnames))]) + given[rng.IntN(len(given))],
			dept:      depts[rng.IntN(len(depts))],
			status:    "在职",
			inScope:   rng.Float64() < 0.85,
			lastLogin: asOf.AddDate(0, 0, -rng.IntN(20)),
		}
		switch r := rng.Float64(); {
		case r < 0.02:
			m.status = "待离职"
			m.departure = asOf.AddDate(0, 0, 1+rng.IntN(40))
		case r < 0.04:
			m.status = "已离职"
			m.departure = asOf.AddDate(0, 0, -1-rng.IntN(420))
			m.lastLogin = m.departure.AddDate(0, 0, -rng.IntN(30))
		}
		ms[i] = m
	}
	if !pickReceivers {
		return ms
	}
	// Receivers: an active in-scope member of the same department when there is one.
	for i, m := range ms {
		if m.status == "在职" {
			continue
		}
		for j := 1; j < n; j++ {
			c := ms[(i+j)%n]
			if c.status == "在职" && c.inScope && (c.dept == m.dept || j > n/2) {
				m.receiver = c.userid
				break
			}
		}
	}
	return ms
}

// spread deals the contacts out with a long tail: a few members hold
// thousands, most hold dozens, as sales teams do — but none more than
// bookMax, the most a member can hold (D6's 20,000 after expansions). Before
// that bound the tail gave one member a tenth of the export (over a million
// of ten million rows), a book WeCom cannot hold, and bench figures measured
// that impossible member rather than the export.
func spread(rng *rand.Rand, ms []*member, total int) {
	if len(ms) == 0 {
		return
	}
	weights := make([]float64, len(ms))
	sum := 0.0
	for i := range ms {
		weights[i] = 1 / (1 + float64(rng.IntN(len(ms))))
		sum += weights[i]
	}
	held := make([]int, len(ms))
	left := total
	for i := range ms {
		c := min(int(float64(total)*weights[i]/sum), left, bookMax)
		held[i] = c
		left -= c
	}
	// The rest one at a time, round the members below the bound; past
	// len(ms)·bookMax rows there is no room left and the bound gives way.
	full := total > len(ms)*bookMax
	for i := 0; left > 0; i = (i + 1) % len(ms) {
		if held[i] < bookMax || full {
			held[i]++
			left--
		}
	}
	for i, m := range ms {
		if m.inScope {
			m.customers = held[i]
		} else {
			m.external = held[i]
		}
	}
}

// bookMax is the most contacts spread gives one member.
const bookMax = 20000

func day(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format("2006-01-02")
}

func writeRoster(path string, ms []*member, withCap bool) error {
	f := excelize.NewFile()
	defer f.Close()
	sh := "成员列表"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	// An export title above the header, as WeCom's exports have.
	if err := sw.SetRow("A1", []any{"通讯录导出（示例科技有限公司）"}); err != nil {
		return err
	}
	header := []any{"姓名", "账号", "部门", "状态", "离职日期", "客户联系", "激活状态", "实名认证", "最近登录时间", "接替人"}
	if err := sw.SetRow("A2", header); err != nil {
		return err
	}
	for i, m := range ms {
		scope := "是"
		if !m.inScope {
			scope = "否"
		}
		row := []any{m.name, m.userid, m.dept, m.status, day(m.departure), scope, "已激活", "是", day(m.lastLogin), m.receiver}
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return saveAtomic(f, path)
}

var contactHeader = []string{"客户名称", "客户ID", "添加人", "添加人账号", "添加人所属部门", "联系人类型", "添加时间", "来源", "手机"}

// contactRow is one generated relationship.
type contactRow struct {
	name, id, memberName, userid, dept, kind, source, phone string
	added                                                   time.Time
}

// eachContact generates the relationships member by member.
func eachContact(rng *rand.Rand, ms []*member, asOf time.Time, idBase uint64, yield func(contactRow) error) error {
	seq := 0
	for _, m := range ms {
		for k := 0; k < m.customers+m.external; k++ {
			seq++
			kind := "客户"
			if k >= m.customers {
				kind = "外部联系人"
			}
			// Some customers are shared between members (D5 counts both).
			id := seq
			if rng.IntN(50) == 0 && seq > 10 {
				id = rng.IntN(seq)
			}
			hi, lo := bits.Mul64(idBase+uint64(id), 0x9e3779b1)
			if err := yield(contactRow{
				name:       string(surnames[rng.IntN(len(surnames))]) + given[rng.IntN(len(given))],
				id:         fmt.Sprintf("wm%012x", bits.Rem64(hi, lo, 0xffffffffffff)),
				memberName: m.name, userid: m.userid, dept: m.dept, kind: kind,
				added:  asOf.AddDate(0, 0, -rng.IntN(900)).Add(time.Duration(rng.IntN(86400)) * time.Second).Truncate(time.Minute),
				source: sources[rng.IntN(len(sources))],
				phone:  fmt.Sprintf("1%d%09d", 3+rng.IntN(7), rng.IntN(1_000_000_000)),
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// excelSerial is the 1900-system serial number of t (days since 1899-12-30).
func excelSerial(t time.Time) float64 {
	return t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

func writeContacts(path string, rng *rand.Rand, ms []*member, asOf time.Time, inline bool, idBase uint64) error {
	if !inline {
		return writeContactsShared(path, rng, ms, asOf, idBase)
	}
	f := excelize.NewFile()
	defer f.Close()
	sheetNo, row := 1, 0
	if err := f.SetSheetName("Sheet1", "客户列表"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("客户列表")
	if err != nil {
		return err
	}
	header := make([]any, len(contactHeader))
	for i, h := range contactHeader {
		header[i] = h
	}
	newSheet := func() error {
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		row = 1
		return nil
	}
	if err := newSheet(); err != nil {
		return err
	}
	err = eachContact(rng, ms, asOf, idBase, func(c contactRow) error {
		if row == maxSheetRows+1 {
			if err := sw.Flush(); err != nil {
				return err
			}
			sheetNo++
			name := fmt.Sprintf("客户列表%d", sheetNo)
			if _, err := f.NewSheet(name); err != nil {
				return err
			}
			if sw, err = f.NewStreamWriter(name); err != nil {
				return err
			}
			if err := newSheet(); err != nil {
				return err
			}
		}
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, []any{c.name, c.id, c.memberName, c.userid, c.dept, c.kind, c.added.Format("2006-01-02 15:04"), c.source, c.phone})
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return saveAtomic(f, path)
}

func writeContactsShared(path string, rng *rand.Rand, ms []*member, asOf time.Time, idBase uint64) error {
	tmp := path + ".tmp"
	b, err := newSharedBook(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	header := make([]cell, len(contactHeader))
	for i, h := range contactHeader {
		header[i] = cell{text: h, shared: true}
	}
	sheetNo := 1
	start := func(name string) error {
		if err := b.newSheet(name); err != nil {
			return err
		}
		return b.writeRow(header)
	}
	if err := start("客户列表"); err != nil {
		_ = b.close() // the first error is the one to report
		return err
	}
	err = eachContact(rng, ms, asOf, idBase, func(c contactRow) error {
		if b.row == maxSheetRows+1 {
			sheetNo++
			if err := start(fmt.Sprintf("客户列表%d", sheetNo)); err != nil {
				return err
			}
		}
		return b.writeRow([]cell{{text: c.name, shared: true}, {text: c.id}, {text: c.memberName, shared: true},
			{text: c.userid, shared: true}, {text: c.dept, shared: true}, {text: c.kind, shared: true},
			{serial: excelSerial(c.added)}, {text: c.source, shared: true}, {text: c.phone}})
	})
	if err != nil {
		_ = b.close() // the first error is the one to report
		return err
	}
	if err := b.close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func writeGroups(path string, rng *rand.Rand, ms []*member) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"群ID", "群名称", "群主账号", "群人数"}); err != nil {
		return err
	}
	r := 1
	for _, m := range ms {
		if !m.inScope || rng.IntN(4) != 0 {
			continue
		}
		for g := 0; g < 1+rng.IntN(5); g++ {
			r++
			cell, _ := excelize.CoordinatesToCellName(1, r)
			if err := sw.SetRow(cell, []any{fmt.Sprintf("wr%08d", r), fmt.Sprintf("%s客户群%d", m.name, g+1), m.userid, 3 + rng.IntN(400)}); err != nil {
				return err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return saveAtomic(f, path)
}

func writePlan(path string, ms []*member, rows int) error {
	var leavers []*member
	for _, m := range ms {
		if m.status != "在职" {
			leavers = append(leavers, m)
		}
	}
	if rows == 0 {
		rows = len(leavers)
	}
	if rows < len(leavers) {
		return fmt.Errorf("samples: %d handover rows cannot name %d leavers (one row each at least)", rows, len(leavers))
	}
	if rows > 0 && len(leavers) == 0 {
		return fmt.Errorf("samples: %d handover rows but nobody leaves", rows)
	}
	f := excelize.NewFile()
	defer f.Close()
	sh := "离职交接表"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	// Streamed: a layoff's sheet has as many rows as HR can type.
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"离职人账号", "离职日期", "接替人账号", "数量"}); err != nil {
		return err
	}
	r := 1
	for i, m := range leavers {
		k := rows / len(leavers)
		if i < rows%len(leavers) {
			k++
		}
		for j := range k {
			// One row: the whole book to the leaver's receiver, count
			// blank. Several: the book split across the receivers in
			// turn, each row counted, the remainder on the first.
			receiver, count := m.receiver, any(nil)
			if k > 1 {
				if len(m.receivers) > 0 {
					receiver = m.receivers[j%len(m.receivers)]
				}
				c := m.customers / k
				if j == 0 {
					c += m.customers % k
				}
				count = c
			}
			r++
			cell, _ := excelize.CoordinatesToCellName(1, r)
			if err := sw.SetRow(cell, []any{m.userid, day(m.departure), receiver, count}); err != nil {
				return err
			}
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return saveAtomic(f, path)
}

// saveAtomic writes next to the target and renames, so a failure never
// leaves a half-written workbook behind.
func saveAtomic(f *excelize.File, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := f.Write(tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, errors.Join(err, tmp.Close()))
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
