;;; cfn-lsp-eglot.el --- cfn-lsp for CloudFormation templates with Eglot  -*- lexical-binding: t -*-

;; Emacs 29 and later have Eglot built in; on Emacs 28 install it, and a YAML
;; mode (Debian: apt install elpa-eglot elpa-yaml-mode; else M-x
;; package-install RET eglot, yaml-mode). Load this file from your init file,
;; or copy it there.

(require 'eglot)

;; Emacs 28 opens .json files in js-mode (Emacs 29 in js-json-mode): a mode
;; of their own keeps cfn-lsp away from JavaScript buffers.
(define-derived-mode cfn-lsp-json-mode js-mode "JSON"
  "Major mode for JSON files, with cfn-lsp through Eglot.")
(add-to-list 'auto-mode-alist '("\\.json\\'" . cfn-lsp-json-mode))

;; .template files are JSON or YAML: look at the first character.
(defun cfn-lsp-template-mode ()
  "Open a .template file as JSON or as YAML, by its content."
  (if (save-excursion
        (goto-char (point-min))
        (skip-chars-forward " \t\r\n")
        (memq (char-after) '(?{ ?\[)))
      (cfn-lsp-json-mode)
    (yaml-mode)))
(add-to-list 'auto-mode-alist '("\\.template\\'" . cfn-lsp-template-mode))

;; Eglot runs one server per buffer: this replaces any other YAML or JSON
;; server for these modes. cfn-lsp stays silent on files that are not
;; templates.
(add-to-list 'eglot-server-programs
             '((yaml-mode yaml-ts-mode cfn-lsp-json-mode json-mode json-ts-mode js-json-mode)
               . ("cfn-lsp" "serve")))
(dolist (hook '(yaml-mode-hook yaml-ts-mode-hook cfn-lsp-json-mode-hook json-mode-hook
                json-ts-mode-hook js-json-mode-hook))
  (add-hook hook #'eglot-ensure))

;; Settings, sent on connect and answered on workspace/configuration (a
;; project can set its own in .dir-locals.el).
(setq-default eglot-workspace-configuration
              '(:cfn-lsp (:aws (:region "us-east-1")
                          :security (:enabled t :failAsError :json-false))))

(provide 'cfn-lsp-eglot)
;;; cfn-lsp-eglot.el ends here
