package server

import (
	"sync"

	"go.lsp.dev/protocol"

	"github.com/cfn-lsp/cfn-lsp/internal/customrules"
	"github.com/cfn-lsp/cfn-lsp/internal/diag"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
)

// customRulesState caches the rules loaded from the rulesDir setting.
type customRulesState struct {
	mu     sync.Mutex
	loaded bool
	dir    string
	set    *customrules.Set
	shown  string // the last load error shown to the user, not to repeat it
}

// customRules returns the checks of the rules directory set in the settings,
// loading it once. A broken rules file is logged and shown to the user once; the
// rules of the other files still run.
func (s *Server) customRules() []func(*template.Template) []diag.Diagnostic {
	dir := s.currentSettings().RulesDir
	st := &s.custom
	st.mu.Lock()
	if !st.loaded || st.dir != dir {
		st.loaded, st.dir, st.set = true, dir, nil
		if dir != "" {
			set, err := customrules.LoadDir(dir)
			st.set = set
			if err != nil {
				msg := "cfn-lsp custom rules: " + err.Error()
				s.log.Print(msg)
				if msg != st.shown {
					st.shown = msg
					s.showMessage(protocol.MessageTypeError, msg)
				}
			} else {
				st.shown = ""
			}
		}
	}
	set := st.set
	st.mu.Unlock()
	if set.Len() == 0 {
		return nil
	}
	return []func(*template.Template) []diag.Diagnostic{set.Check}
}

// resetCustomRules forgets loaded custom rules after a settings change, so the
// next analysis reloads them (picking up edited rule files).
func (s *Server) resetCustomRules() {
	st := &s.custom
	st.mu.Lock()
	st.loaded, st.set = false, nil
	st.mu.Unlock()
}
