;;; e2e.el --- headless test of cfn-lsp-eglot.el against the built server  -*- lexical-binding: t -*-

;; Run by e2e_test.go: emacs --batch -l ../cfn-lsp-eglot.el -l e2e.el, with
;; the server first on PATH. Writes a JSON object to $CFN_TEST_OUT.

(require 'json)
(require 'flymake)

(defvar cfn-test-dir (getenv "CFN_TEST_DIR"))
(defvar cfn-test-result nil)
(defvar cfn-test-errors nil)

(defun cfn-test-put (key value)
  (push (cons key value) cfn-test-result))

(defun cfn-test-wait (seconds what pred)
  "Wait up to SECONDS for PRED, processing server output; record WHAT on timeout."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or (funcall pred)
        (progn (push (concat "timed out waiting for " what) cfn-test-errors) nil))))

(defun cfn-test-visit (file)
  "Visit FILE as a user would: its mode's hooks run, then the command loop's."
  (find-file (expand-file-name file cfn-test-dir))
  ;; eglot-ensure connects from post-command-hook, which batch mode never runs
  (run-hooks 'post-command-hook)
  (current-buffer))

(defun cfn-test-server-name ()
  (let ((s (eglot-current-server)))
    (and s (car (process-command (jsonrpc--process s))))))

(defun cfn-test-diagnostics ()
  "The buffer's diagnostics, once the server has published some."
  (let (out)
    (cfn-test-wait 20 (concat "diagnostics in " (buffer-name))
                   (lambda ()
                     (flymake-start)
                     (setq out (flymake-diagnostics))
                     out))
    (mapcar (lambda (d) (list (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))
                              (cons 'text (flymake-diagnostic-text d))))
            out)))

(defun cfn-test-completions (line-text)
  "The completion labels at the end of the line LINE-TEXT, sorted as shown."
  (goto-char (point-min))
  (search-forward line-text)
  (let* ((capf (eglot-completion-at-point))
         (table (nth 2 capf))
         (start (nth 0 capf))
         (prefix (buffer-substring-no-properties start (point)))
         (all (all-completions prefix table))
         (meta (completion-metadata prefix table nil))
         (sort (completion-metadata-get meta 'display-sort-function)))
    (mapcar #'substring-no-properties (if sort (funcall sort all) all))))

(condition-case err
    (progn
      ;; The settings as a project would set them: the server must read them.
      (setq-default eglot-workspace-configuration '(:cfn-lsp (:ignoreRules ["W2001"])))

      (with-current-buffer (cfn-test-visit "t.yaml")
        (cfn-test-put 'yaml_mode (symbol-name major-mode))
        (cfn-test-wait 20 "the server for t.yaml" #'eglot-current-server)
        (cfn-test-put 'yaml_server (cfn-test-server-name))
        (cfn-test-put 'yaml_diagnostics (cfn-test-diagnostics))
        (cfn-test-put 'yaml_completion (cfn-test-completions "    Type: AWS::S3::")))

      (with-current-buffer (cfn-test-visit "t.json")
        (cfn-test-put 'json_mode (symbol-name major-mode))
        (cfn-test-put 'json_derived_from_js (if (derived-mode-p 'js-mode) t :json-false))
        (cfn-test-wait 20 "the server for t.json" #'eglot-current-server)
        (cfn-test-put 'json_server (cfn-test-server-name))
        (cfn-test-put 'json_diagnostics (cfn-test-diagnostics)))

      (dolist (f '("json.template" "yaml.template"))
        (with-current-buffer (cfn-test-visit f)
          (cfn-test-wait 20 (concat "the server for " f) #'eglot-current-server)
          (cfn-test-put (intern (concat f "_mode")) (symbol-name major-mode))
          (cfn-test-put (intern (concat f "_diagnostics")) (cfn-test-diagnostics))))

      (with-current-buffer (cfn-test-visit "app.js")
        (accept-process-output nil 0.5)
        (cfn-test-put 'js_mode (symbol-name major-mode))
        (cfn-test-put 'js_server (if (eglot-current-server) t :json-false))))
  (error (push (format "error: %S" err) cfn-test-errors)))

(cfn-test-put 'errors (or (reverse cfn-test-errors) []))
(with-temp-file (getenv "CFN_TEST_OUT")
  (insert (json-encode cfn-test-result)))
(ignore-errors (eglot-shutdown-all))
(kill-emacs 0)
