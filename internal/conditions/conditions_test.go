package conditions

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

const base = `Parameters:
  Env: {Type: String, AllowedValues: [dev, test, prod]}
  Tier: {Type: String}
  Flag: {Type: String, AllowedValues: ["true", "false"]}
  Subnets: {Type: CommaDelimitedList}
  Image: {Type: "AWS::SSM::Parameter::Value<String>", AllowedValues: [/a, /b]}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsProd2: !Equals [prod, !Ref Env]
  IsDev: !Equals [!Ref Env, dev]
  IsTest: !Equals [!Ref Env, test]
  NotProd: !Not [!Condition IsProd]
  DevOrTest: !Or [!Condition IsDev, !Condition IsTest]
  IsGold: !Equals [!Ref Tier, gold]
  IsSilver: !Equals [!Ref Tier, silver]
  ProdGold: !And [!Condition IsProd, !Condition IsGold]
  ProdOrGold: !Or [!Condition IsProd, !Condition IsGold]
  FlagOn: !Equals [!Ref Flag, true]
  FlagOff: !Equals ["false", !Ref Flag]
  InEast: !Equals [!Ref "AWS::Region", us-east-1]
  InGov: !Equals [!Ref "AWS::Partition", aws-us-gov]
  Always: !Equals [a, a]
  Never: !Equals [a, b]
  NoSubnets: !Equals [!Join ["", !Ref Subnets], ""]
  TwoRefs: !Equals [!Ref Env, !Ref Tier]
  ListRef: !Equals [!Ref Subnets, x]
  Missing: !Not [!Condition Nowhere]
  CycleA: !Not [!Condition CycleB]
  CycleB: !Not [!Condition CycleA]
  Image1: !Equals [!Ref Image, ami-1]
  LongForm:
    Fn::And:
      - Condition: IsProd
      - Fn::Not: [{Condition: IsGold}]
  BigEnv: !Equals [!FindInMap [Sizes, !Ref Env, Large], "true"]
  EastBig: !Equals [!FindInMap [Regions, !Ref "AWS::Region", Big], "yes"]
  EastSmall: !Equals [!FindInMap [Regions, !Ref "AWS::Region", Big], "no"]
  TierMapped: !Equals [!FindInMap [Sizes, !Ref Tier, Large], "true"]
  OddLookup: !Equals [!FindInMap [Sizes, !Ref Env, !Ref Tier], "true"]
Mappings:
  Sizes:
    dev: {Large: false}
    test: {Large: false}
    prod: {Large: true}
  Regions:
    us-east-1: {Big: "yes"}
    eu-west-1: {Big: "no"}
`

func facts(spec string) []Fact {
	var out []Fact
	for _, f := range strings.Fields(spec) {
		if name, ok := strings.CutPrefix(f, "!"); ok {
			out = append(out, Fact{Name: name, Value: false})
		} else {
			out = append(out, Fact{Name: f, Value: true})
		}
	}
	return out
}

func parse(t *testing.T, src string) *Set {
	t.Helper()
	tpl := template.Parse("test.yaml", src)
	if tpl.Err != nil {
		t.Fatal(tpl.Err)
	}
	return New(tpl)
}

func TestImplies(t *testing.T) {
	s := parse(t, base)
	for _, c := range []struct {
		ctx, goal    string
		yes, unknown bool
	}{
		{"", "IsProd", false, false},
		{"IsProd", "IsProd", true, false},
		{"IsProd2", "IsProd", true, false},
		{"IsProd", "IsProd2", true, false},
		{"NotProd", "IsProd", false, false},
		{"!NotProd", "IsProd", true, false},
		{"!IsProd", "NotProd", true, false},
		{"!IsDev !IsTest", "IsProd", true, false}, // AllowedValues: three values only
		{"!IsProd", "DevOrTest", true, false},
		{"DevOrTest", "NotProd", true, false},
		{"!IsGold", "IsSilver", false, false}, // Tier may be anything
		{"!IsGold !IsSilver", "IsSilver", false, false},
		{"IsGold", "!IsSilver", true, false},
		{"ProdGold", "IsProd", true, false},
		{"ProdGold", "IsGold IsProd", true, false},
		{"IsProd", "ProdGold", false, false},
		{"IsProd IsGold", "ProdGold", true, false},
		{"IsProd", "ProdOrGold", true, false},
		{"ProdOrGold", "IsProd", false, false},
		{"ProdOrGold !IsGold", "IsProd", true, false},
		{"LongForm", "!IsGold", true, false},
		{"IsProd NotProd", "IsGold", true, false}, // contradictory context
		{"FlagOn", "!FlagOff", true, false},       // bool literal compares as "true"
		{"!FlagOn", "FlagOff", true, false},
		{"InEast", "InEast", true, false},
		{"", "Always", true, false},
		{"", "Never", false, false},
		{"Never", "IsProd", true, false},
		{"Image1", "Image1", true, false}, // SSM AllowedValues do not limit the value
		{"!Image1", "Image1", false, false},
		{"NoSubnets", "IsProd", false, true},
		{"IsProd", "NoSubnets", false, true},
		{"TwoRefs", "IsProd", false, true},
		{"ListRef", "IsProd", false, true},
		{"Missing", "IsProd", false, true},
		{"IsProd", "Nowhere", false, true},
		{"CycleA", "IsProd", false, true},
		{"InEast", "InGov", false, true}, // region and partition go together
		// Fn::FindInMap with a parameter as top-level key: a value the map lacks
		// makes the stack fail, so only the map's keys count.
		{"BigEnv", "IsProd", true, false},
		{"IsProd", "BigEnv", true, false},
		{"!BigEnv", "!IsProd", true, false},
		{"EastBig", "!EastSmall", true, false},
		{"!EastBig", "EastSmall", true, false}, // us-east-1 and eu-west-1 only
		{"EastBig", "InEast", true, false},
		{"TierMapped", "IsGold", false, false}, // Tier may be prod, which the map maps to true
		{"OddLookup", "IsProd", false, true},
	} {
		name := fmt.Sprintf("%s=>%s", c.ctx, c.goal)
		t.Run(name, func(t *testing.T) {
			yes, known := s.Implies(facts(c.ctx), facts(c.goal))
			if known == c.unknown || yes != c.yes {
				t.Errorf("Implies = %v, known %v; want %v, known %v", yes, known, c.yes, !c.unknown)
			}
			// The cached answer is the same.
			yes2, known2 := s.Implies(facts(c.ctx), facts(c.goal))
			if yes2 != yes || known2 != known {
				t.Errorf("cached Implies = %v, %v; first %v, %v", yes2, known2, yes, known)
			}
		})
	}
}

func TestEval(t *testing.T) {
	s := parse(t, base)
	for _, c := range []struct {
		cond      string
		values    map[string]string
		want, ok  bool
		wantKnown bool
	}{
		{"IsProd", map[string]string{"Env": "prod"}, true, true, true},
		{"IsProd", map[string]string{"Env": "dev"}, false, true, true},
		{"NotProd", map[string]string{"Env": "dev"}, true, true, true},
		{"IsProd", nil, false, true, false},
		{"ProdGold", map[string]string{"Env": "dev"}, false, true, true}, // And decided by one operand
		{"ProdGold", map[string]string{"Env": "prod"}, false, true, false},
		{"ProdOrGold", map[string]string{"Tier": "gold"}, true, true, true},
		{"FlagOn", map[string]string{"Flag": "true"}, true, true, true},
		{"Always", nil, true, true, true},
		{"NoSubnets", map[string]string{"Subnets": ""}, false, false, false},
		{"Missing", nil, false, false, false},
		{"CycleB", nil, false, false, false},
	} {
		t.Run(c.cond, func(t *testing.T) {
			if got := s.Known(c.cond); got != c.ok {
				t.Errorf("Known = %v, want %v", got, c.ok)
			}
			v, known := s.Eval(c.cond, c.values)
			if known != c.wantKnown || (known && v != c.want) {
				t.Errorf("Eval = %v, known %v; want %v, known %v", v, known, c.want, c.wantKnown)
			}
		})
	}
}

func TestParams(t *testing.T) {
	s := parse(t, base)
	for cond, want := range map[string][]string{
		"IsProd":    {"Env"},
		"ProdGold":  {"Env", "Tier"},
		"LongForm":  {"Env", "Tier"},
		"InEast":    {"AWS::Region"},
		"Always":    nil,
		"NoSubnets": nil,
		"Nowhere":   nil,
	} {
		if got := s.Params(cond); !reflect.DeepEqual(got, want) {
			t.Errorf("Params(%s) = %v, want %v", cond, got, want)
		}
	}
}

func TestDomains(t *testing.T) {
	s := parse(t, base)
	for p, want := range map[string][]string{
		"Env":   {"dev", "test", "prod"},
		"Tier":  {"dev", "gold", "prod", "silver", "test", other}, // compared literals and the keys of a map it looks up
		"Flag":  {"true", "false"},
		"Image": {"ami-1", other},
	} {
		if got, _ := s.domain(p); !reflect.DeepEqual(got, want) {
			t.Errorf("domain(%s) = %q, want %q", p, got, want)
		}
	}
}

// TestTooMany checks that an implication over more assignments than
// MaxAssignments is unknown.
func TestTooMany(t *testing.T) {
	var b strings.Builder
	b.WriteString("Parameters:\n")
	for i := 0; i < 13; i++ {
		fmt.Fprintf(&b, "  P%d: {Type: String}\n", i)
	}
	b.WriteString("Conditions:\n  Small: !Or [!Equals [!Ref P0, a], !Equals [!Ref P1, a]]\n  All: !And\n")
	for i := 0; i < 13; i++ {
		fmt.Fprintf(&b, "    - !Equals [!Ref P%d, a]\n", i)
	}
	s := parse(t, b.String())
	if yes, known := s.Implies(facts("All"), facts("Small")); known {
		t.Errorf("2^13 assignments: Implies = %v, known; want unknown", yes)
	}
	if yes, known := s.Implies(facts("Small"), facts("Small")); !known || !yes {
		t.Errorf("Small => Small = %v, known %v; want true", yes, known)
	}
}

// TestRules checks that parameters a Rules assertion constrains are not
// enumerated as if they were free.
func TestRules(t *testing.T) {
	s := parse(t, `Parameters:
  A: {Type: String}
  B: {Type: String}
Rules:
  Same:
    Assertions:
      - Assert: !Equals [!Ref A, !Ref B]
Conditions:
  AIsX: !Equals [!Ref A, x]
  BIsX: !Equals [!Ref B, x]
`)
	if yes, known := s.Implies(facts("AIsX"), facts("BIsX")); known {
		t.Errorf("Implies = %v, known; want unknown", yes)
	}
}

// TestConstraints checks that AllowedPattern, lengths and numeric bounds limit
// the values enumerated, and that finite patterns are not judged.
func TestConstraints(t *testing.T) {
	s := parse(t, `Parameters:
  Pat: {Type: String, AllowedPattern: "[a-z]+"}
  Fin: {Type: String, AllowedPattern: "gold|silver"}
  Bad: {Type: String, AllowedPattern: "(?<=x)a+"}
  Len: {Type: String, MinLength: 1, MaxLength: 4}
  Zero: {Type: String, MaxLength: 0}
  Num: {Type: Number, MinValue: 1, MaxValue: 10}
  Mixed: {Type: String, AllowedValues: [a, !Ref Pat]}
Conditions:
  PatEmpty: !Equals [!Ref Pat, ""]
  PatGold: !Equals [!Ref Pat, gold]
  PatUpper: !Equals [!Ref Pat, GOLD]
  FinGold: !Equals [!Ref Fin, gold]
  BadA: !Equals [!Ref Bad, a]
  LenEmpty: !Equals [!Ref Len, ""]
  LenLong: !Equals [!Ref Len, toolong]
  LenAb: !Equals [!Ref Len, ab]
  ZeroEmpty: !Equals [!Ref Zero, ""]
  NumBig: !Equals [!Ref Num, 50]
  NumWord: !Equals [!Ref Num, ten]
  NumFive: !Equals [!Ref Num, 5]
  MixedA: !Equals [!Ref Mixed, a]
`)
	for _, c := range []struct {
		param string
		want  []string
		ok    bool
	}{
		{"Pat", []string{"gold", other}, true},
		{"Fin", nil, false},
		{"Bad", nil, false},
		{"Len", []string{"ab", other}, true},
		{"Zero", nil, false},
		{"Num", []string{"5", other}, true},
		{"Mixed", nil, false},
	} {
		got, ok := s.domain(c.param)
		if ok != c.ok || (ok && !reflect.DeepEqual(got, c.want)) {
			t.Errorf("domain(%s) = %q, %v; want %q, %v", c.param, got, ok, c.want, c.ok)
		}
	}
	// A value the constraints refuse is never taken: a site under it is unreachable.
	if yes, known := s.Implies(facts("PatEmpty"), facts("PatGold")); !known || !yes {
		t.Errorf("PatEmpty => PatGold = %v, known %v; want vacuously true", yes, known)
	}
	if yes, known := s.Implies(facts("!PatGold"), facts("PatGold")); !known || yes {
		t.Errorf("!PatGold => PatGold = %v, known %v; want false", yes, known)
	}
	if _, known := s.Implies(facts("FinGold"), facts("FinGold")); known {
		t.Error("a finite pattern is judged")
	}
}

func TestNilTemplate(t *testing.T) {
	s := New(nil)
	if s.Known("X") {
		t.Error("Known(X) on a nil template")
	}
	if _, known := s.Implies(nil, facts("X")); known {
		t.Error("Implies on a nil template is known")
	}
}

func TestSatisfiable(t *testing.T) {
	tpl := template.Parse("t.yaml", `Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  IsEast: !Equals [!Ref AWS::Region, us-east-1]
  Opaque: !Equals [!Ref Env, !Ref AWS::Region]
Resources: {}
`)
	s := New(tpl)
	for _, c := range []struct {
		facts      []Fact
		sat, known bool
	}{
		{nil, true, true},
		{[]Fact{{"IsProd", true}}, true, true},
		{[]Fact{{"IsProd", true}, {"IsDev", true}}, false, true},
		{[]Fact{{"IsProd", false}, {"IsDev", false}}, false, true}, // Env is dev or prod
		{[]Fact{{"IsProd", true}, {"IsEast", false}}, true, true},
		{[]Fact{{"Opaque", true}, {"Opaque", false}}, false, true},
		{[]Fact{{"Opaque", true}, {"IsProd", true}}, true, false}, // two references compared
	} {
		sat, known := s.Satisfiable(c.facts)
		if sat != c.sat || known != c.known {
			t.Errorf("Satisfiable(%v) = %v, %v; want %v, %v", c.facts, sat, known, c.sat, c.known)
		}
	}
}
