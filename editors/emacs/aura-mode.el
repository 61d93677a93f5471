;;; aura-mode.el --- Major mode for the AURA language -*- lexical-binding: t; -*-

;; Keywords: languages
;; Package-Requires: ((emacs "26.1"))

;;; Commentary:

;; A major mode for AURA source files (docs/language.md): font-lock for
;; keywords, types, strings with ${...} interpolation, numbers, records,
;; capabilities and effectful names (`print!'), `#' comments, the four-space
;; indentation `aura fmt' prints, and an Eglot entry that starts `aura lsp'.
;;
;;   (add-to-list 'load-path "/path/to/aura/editors/emacs")
;;   (require 'aura-mode)
;;   (add-hook 'aura-mode-hook #'eglot-ensure)   ; optional

;;; Code:

(defgroup aura nil
  "Support for the AURA language."
  :group 'languages
  :prefix "aura-")

(defcustom aura-indent-offset 4
  "Indentation of one level in AURA code (`aura fmt' uses 4)."
  :type 'integer
  :safe #'integerp)

(defface aura-effect-face '((t :inherit font-lock-warning-face))
  "Face for effectful names such as `print!'.")

(defface aura-escape-face '((t :inherit font-lock-builtin-face))
  "Face for escapes such as \\n inside strings.")

(defcustom aura-server-command '("aura" "lsp")
  "The command that starts the AURA language server, for Eglot."
  :type '(repeat string))

;; The lexer's keyword table (Sources/AuraSyntax/Lexer/Keywords.swift); the
;; placeholder `_' is in it too and is highlighted on its own below.
;; AuraEditorTests checks that these lists match the lexer.
(defconst aura-keywords
  '("if" "else" "match" "for" "in" "while" "var" "test" "use" "with" "and" "or" "not")
  "AURA keywords other than the constants.")

(defconst aura-constants '("true" "false" "none")
  "AURA keyword constants.")

(defconst aura-builtin-types '("i" "f" "s" "b" "uuid" "unit" "dyn")
  "AURA's built-in type names.")

(defvar aura-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?! "_" table)
    (modify-syntax-entry ?' "." table)
    (dolist (char '(?+ ?- ?* ?/ ?% ?< ?> ?= ?| ?? ?@ ?. ?: ?,))
      (modify-syntax-entry char "." table))
    table)
  "Syntax table for `aura-mode': `#' comments and double-quoted strings.")

(defun aura--in-string-matcher (regexp limit)
  "Find the next match of REGEXP inside a string before LIMIT, for font-lock."
  (let (found)
    (while (and (not found) (re-search-forward regexp limit t))
      (when (nth 3 (save-excursion (syntax-ppss (match-beginning 0))))
        (setq found t)))
    found))

(defun aura--interpolation-matcher (limit)
  "Find the next ${...} inside a string before LIMIT."
  (aura--in-string-matcher "\\${[^}\n]*}" limit))

(defun aura--escape-matcher (limit)
  "Find the next escape (\\n \\t \\r \\\\ \\\" \\$) inside a string before LIMIT."
  (aura--in-string-matcher "\\\\[ntr\\\\\"$]" limit))

(defconst aura-font-lock-keywords
  `((,(regexp-opt aura-keywords 'symbols) . font-lock-keyword-face)
    (,(regexp-opt aura-constants 'symbols) . font-lock-constant-face)
    ("\\_<_\\_>" . font-lock-builtin-face)
    ;; Capabilities: a header line of +name words.
    ("^\\s-*\\([+][[:alpha:]_][[:alnum:]_]*\\(?:\\s-+[+][[:alpha:]_][[:alnum:]_]*\\)*\\)"
     (1 font-lock-preprocessor-face))
    ;; Record and sum type declarations, and field tags such as @pk.
    ("@[[:upper:]][[:alnum:]_]*" . font-lock-type-face)
    ("@[[:lower:]][[:alnum:]_]*" . font-lock-preprocessor-face)
    ;; A definition: name( or name!( at the start of a line.
    ("^\\([[:alpha:]_][[:alnum:]_]*!?\\)\\s-*(" (1 font-lock-function-name-face))
    ;; Effectful names end in ! (but != is an operator).
    ("\\_<\\([[:alpha:]_][[:alnum:]_]*!\\)\\(?:[^=]\\|$\\)" (1 'aura-effect-face))
    ;; Built-in types where a type is written: after : [ { -> or ->!.
    (,(concat "\\(?::\\s-*\\|\\[\\|{\\|->!?\\s-*\\)\\("
              (regexp-opt aura-builtin-types) "\\)\\_>")
     (1 font-lock-type-face))
    ("\\_<[[:upper:]][[:alnum:]_]*\\_>" . font-lock-type-face)
    ;; Numbers: 42, 1_000, 0xFF, 3.14, 2.0e-3.
    ("\\_<\\(?:0[xX][[:xdigit:]_]+\\|[0-9][0-9_]*\\(?:\\.[0-9][0-9_]*\\)?\\(?:[eE][-+]?[0-9]+\\)?\\)\\_>"
     . font-lock-constant-face)
    (aura--interpolation-matcher (0 font-lock-variable-name-face t))
    (aura--escape-matcher (0 'aura-escape-face t)))
  "Font-lock rules for `aura-mode'.")

(defun aura--opener-indentation (pos)
  "The indentation of the line holding the bracket at POS."
  (save-excursion (goto-char pos) (current-indentation)))

(defun aura--stage-p ()
  "Non-nil when point's line is a pipeline stage (starts with |)."
  (save-excursion
    (back-to-indentation)
    (looking-at-p "|")))

(defun aura--previous-line-anchor ()
  "Move to the previous non-blank line, or to the opener of its leading bracket.
Return nil when there is no previous non-blank line."
  (let ((found nil))
    (while (and (not found) (zerop (forward-line -1)))
      (setq found (not (looking-at-p "[ \t]*$"))))
    (when found
      (back-to-indentation)
      (when (looking-at-p "[]})]")
        (let ((open (nth 1 (syntax-ppss))))
          (when open (goto-char open))))
      t)))

(defun aura--indentation ()
  "The indentation `aura fmt' gives point's line.
A line is one level inside the line holding its innermost open bracket; a
closing bracket lines up with that line; a pipeline stage is one level inside
its statement, like the stage before it."
  (save-excursion
    (back-to-indentation)
    (let* ((open (nth 1 (syntax-ppss (line-beginning-position))))
           (base (if open (+ (aura--opener-indentation open) aura-indent-offset) 0)))
      (cond
       ((and open (looking-at-p "[]})]")) (aura--opener-indentation open))
       ((aura--stage-p)
        (if (aura--previous-line-anchor)
            (if (aura--stage-p) (current-indentation) (+ (current-indentation) aura-indent-offset))
          base))
       (t base)))))

(defun aura-indent-line ()
  "Indent the current line as `aura fmt' would."
  (interactive)
  (let ((indent (aura--indentation))
        (offset (- (current-column) (current-indentation))))
    (indent-line-to indent)
    (when (> offset 0) (move-to-column (+ indent offset)))))

;;;###autoload
(define-derived-mode aura-mode prog-mode "AURA"
  "Major mode for editing AURA source files."
  :syntax-table aura-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+\\s-*")
  (setq-local comment-end "")
  (setq-local indent-tabs-mode nil)
  (setq-local tab-width aura-indent-offset)
  (setq-local indent-line-function #'aura-indent-line)
  (setq-local electric-indent-chars (append '(?} ?\] ?\) ?|) electric-indent-chars))
  (setq-local font-lock-defaults '(aura-font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.aura\\'" . aura-mode))

;; Eglot (built into Emacs 29) starts `aura lsp' for aura-mode buffers.
(defvar eglot-server-programs)
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `(aura-mode . ,(lambda (&optional _interactive) aura-server-command))))

(provide 'aura-mode)

;;; aura-mode.el ends here
