;;; emacs_indent.el --- re-indents a file with aura-mode -*- lexical-binding: t; -*-
;; Opens $AURA_EMACS_FILE, indents every line with aura-mode's indent function and writes the
;; text to $AURA_EMACS_RESULT. Run with `-l emacs_indent.el -f aura-test-main'.
(require 'aura-mode)

(defun aura-test-main ()
  "Indent the file and write the result."
  (with-current-buffer (find-file-noselect (getenv "AURA_EMACS_FILE"))
    (indent-region (point-min) (point-max))
    (write-region (point-min) (point-max) (getenv "AURA_EMACS_RESULT"))))
