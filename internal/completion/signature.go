package completion

import (
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// Signature is the call of the intrinsic function whose argument holds the
// cursor, for signature help.
type Signature struct {
	// Label is the function's form: "!If [ConditionName, valueIfTrue, valueIfFalse]",
	// or with the long name in JSON ("Fn::If": [...]).
	Label string
	// Params are the arguments, as byte offsets [start, end) in Label.
	Params [][2]int
	// Active is the index in Params of the argument at the cursor.
	Active int
	// Doc is a one-line summary, markdown.
	Doc string
}

// listForms are the list forms of the functions that also take a scalar: the
// cursor inside the list shows this form instead.
var listForms = map[string]string{
	"Fn::GetAtt": "!GetAtt [Resource, Attribute]",
	"Fn::Sub":    "!Sub [text, {Name: value, ...}]",
}

// SignatureAt returns the signature of the intrinsic function whose argument
// holds the cursor (the innermost one), and false when the cursor is in none. Like
// Complete it reads the text around the cursor, never a parse.
func SignatureAt(req Request) (sig Signature, ok bool) {
	if strings.TrimSpace(req.Text) == "" {
		return Signature{}, false
	}
	json := isJSON(req)
	var lines *template.Lines
	if t := req.Template; t != nil && len(t.Text) == len(req.Text) && t.Text == req.Text {
		lines = t.Lines
	}
	cur := analyzeOld(req.Text, lines, req.Template, req.Pos, json)
	if cur == nil || cur.fn == "" {
		return Signature{}, false
	}
	f, found := lang.FunctionByName(cur.fn)
	if !found || !strings.HasPrefix(f.Signature, f.Short()) {
		return Signature{}, false
	}
	form := f.Signature
	if l, has := listForms[f.Name]; has && cur.arg >= 0 {
		form = l
	}
	sig = Signature{Doc: f.Summary}
	args := strings.TrimSpace(strings.TrimPrefix(form, f.Short()))
	if json {
		sig.Label = `"` + f.Name + `": `
	} else {
		sig.Label = f.Short() + " "
	}
	base := len(sig.Label)
	sig.Label += args
	sig.Params = splitArgs(args, base)
	sig.Active = max(cur.arg, 0)
	if n := len(sig.Params); sig.Active >= n {
		// past the last argument: a variadic list ("condition, ...") stays on
		// its repeated item; otherwise no argument is active
		last := sig.Params[n-1]
		if sig.Label[last[0]:last[1]] == "..." {
			sig.Active = n - 2
		} else {
			sig.Active = n
		}
	}
	return sig, true
}

// splitArgs returns the offsets, shifted by base, of the items of args: of a list
// "[a, [b, c], d]" its top-level items, of a scalar form the whole text.
func splitArgs(args string, base int) [][2]int {
	if !strings.HasPrefix(args, "[") || !strings.HasSuffix(args, "]") {
		return [][2]int{{base, base + len(args)}}
	}
	var out [][2]int
	depth, start := 0, 1
	for i := 1; i < len(args)-1; i++ {
		switch args[i] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, item(args, start, i, base))
				start = i + 1
			}
		}
	}
	return append(out, item(args, start, len(args)-1, base))
}

func item(args string, from, to, base int) [2]int {
	for from < to && args[from] == ' ' {
		from++
	}
	return [2]int{base + from, base + to}
}
