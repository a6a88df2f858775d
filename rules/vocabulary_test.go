package rules

import (
	"strings"
	"testing"
)

func TestVocabularyLoads(t *testing.T) {
	v, err := ParseVocabulary(vocabularyYAML)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Header("roster", "userid"); got != "账号" {
		t.Errorf("roster userid header = %q, want 账号 (what auditor pull writes)", got)
	}
	if got := v.Word("status", "departed"); got != "已离职" {
		t.Errorf("departed word = %q, want 已离职", got)
	}
	if Vocabulary() != Vocabulary() {
		t.Error("Vocabulary parses the file more than once")
	}
}

func TestVocabularyRejects(t *testing.T) {
	base := string(vocabularyYAML)
	cases := []struct {
		name, from, to, want string
	}{
		{"alias in two fields of one role", "{field: name, aliases: [姓名, 成员, name]}", "{field: name, aliases: [姓名, 成员, name, 帐号]}", `alias "帐号" already belongs to userid`},
		{"alias that folds onto another", "{field: name, aliases: [姓名, 成员, name]}", "{field: name, aliases: [姓名, 成员, name, Ｕｓｅｒ_ID]}", "already belongs to userid"},
		{"empty alias", "{field: department, aliases: [部门, department]}", `{field: department, aliases: [部门, ""]}`, "headers.roster.department: an empty word"},
		{"spaces around a word", "departing: [待离职, 离职中, departing]", `departing: [待离职, " 离职中", departing]`, `has spaces around it`},
		{"word with two meanings", "departing: [待离职, 离职中, departing]", "departing: [待离职, 离职中, departing, 在职]", `"在职" already means active`},
		{"word there twice after folding", "departing: [待离职, 离职中, departing]", "departing: [待离职, 离职中, departing, ＤＥＰＡＲＴＩＮＧ]", "is there twice"},
		{"missing meaning", "    resigned: [离职继承, 离职, resigned]\n", "", "words.route: no words for resigned"},
		{"unknown meaning", "    resigned: [离职继承, 离职, resigned]\n", "    resigned: [离职继承, 离职, resigned]\n    resigend: [x]\n", "words.route.resigend: no reader asks"},
		{"missing role", "  groups:\n", "  groupz:\n", "headers: no role groups"},
		{"no required field", "{field: owner, required: true, aliases: [群主账号", "{field: owner, aliases: [群主账号", "headers.groups: no required field"},
		{"unknown key", "field: userid, required: true", "field: userid, mandatory: true", "mandatory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.from) {
				t.Fatalf("the vocabulary no longer has %q", c.from)
			}
			_, err := ParseVocabulary([]byte(strings.Replace(base, c.from, c.to, 1)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, header, word string }{
		{"Leave Date", "leavedate", "leave date"},
		{"ＬｅａｖｅＤａｔｅ", "leavedate", "leavedate"},
		{"leave_date", "leavedate", "leave_date"},
		{"not  activated", "notactivated", "not activated"},
	} {
		if got := FoldHeader(c.in); got != c.header {
			t.Errorf("FoldHeader(%q) = %q, want %q", c.in, got, c.header)
		}
		if got := FoldWord(c.in); got != c.word {
			t.Errorf("FoldWord(%q) = %q, want %q", c.in, got, c.word)
		}
	}
}
