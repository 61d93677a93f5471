;;; emacs_lsp.el --- an Eglot session with aura lsp -*- lexical-binding: t; -*-
;; A session as a user has it, with aura-mode.el's Eglot entry: `eglot-ensure' from
;; aura-mode-hook connects, Flymake shows the server's diagnostics, ElDoc's hover function,
;; `xref-find-definitions' (the jump itself), the quickfix picked from Eglot's menu, and
;; `eglot-format-buffer'. Writes what it saw as JSON to $AURA_EMACS_RESULT. Environment:
;; AURA_BINARY (the aura under test), AURA_EMACS_FILE. Run with
;; `-l emacs_lsp.el -f aura-test-main'.
(require 'json)
(require 'cl-lib)
;; -Q skips package activation; Debian's elpa-eglot is a system package (HOME is a temporary
;; directory, so no user packages are activated).
(require 'package)
(package-initialize)
(require 'aura-mode)
(require 'eglot)
(require 'xref)

;; Only a guard against a server that never answers; no result depends on it.
(defconst aura-test-limit 60.0)

(defun aura-test--run-idle-timers ()
  "Run the idle timers, as Emacs does when the user pauses: batch Emacs is never idle.
Eglot sends buffer changes and Flymake checks from idle timers."
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer)))

(defun aura-test--wait (what condition)
  "Process the server's messages until CONDITION returns non-nil; fail naming WHAT."
  (let ((deadline (+ (float-time) aura-test-limit)))
    (while (not (funcall condition))
      (when (> (float-time) deadline)
        (error "Gave up waiting for %s" what))
      (aura-test--run-idle-timers)
      (accept-process-output nil 0.02))))

(defun aura-test--text ()
  (buffer-substring-no-properties (point-min) (point-max)))

(defun aura-test--goto (text)
  "Put point at the start of the first TEXT in the buffer and return its line and column."
  (goto-char (point-min))
  (unless (search-forward text nil t)
    (error "No `%s' in the buffer" text))
  (goto-char (match-beginning 0))
  `((line . ,(line-number-at-pos)) (column . ,(1+ (current-column)))))

(defun aura-test--diagnostics ()
  (vconcat
   (mapcar (lambda (diag)
             (save-excursion
               (goto-char (flymake-diagnostic-beg diag))
               `((line . ,(line-number-at-pos))
                 (column . ,(1+ (current-column)))
                 (type . ,(symbol-name (flymake-diagnostic-type diag)))
                 (text . ,(flymake-diagnostic-text diag)))))
           (flymake-diagnostics))))

(defun aura-test-main ()
  "Run the session and write the report."
  (let ((result nil)
        (error-message nil))
    (condition-case err
        (progn
          (setq aura-server-command (list (getenv "AURA_BINARY") "lsp"))
          (add-hook 'aura-mode-hook #'eglot-ensure)
          (find-file (getenv "AURA_EMACS_FILE"))
          ;; eglot-ensure connects after the command that opened the file, as in the editor loop.
          (run-hooks 'post-command-hook)
          (aura-test--wait "the connection" (lambda () (eglot-current-server)))
          (let ((server (eglot-current-server)))
            (push `(mode . ,(symbol-name major-mode)) result)
            (push `(root . ,(expand-file-name (project-root (eglot--project server)))) result))

          (aura-test--wait "diagnostics" (lambda () (flymake-diagnostics)))
          (push `(diagnostics . ,(aura-test--diagnostics)) result)

          ;; Hover through the function Eglot gives ElDoc.
          (push `(hover_at . ,(aura-test--goto "greet(\"Ana\")")) result)
          (let ((hover 'pending))
            (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))
            (aura-test--wait "hover" (lambda () (not (eq hover 'pending))))
            (push `(hover . ,hover) result))

          ;; Go to definition: xref jumps to the location.
          (let ((from (line-number-at-pos)))
            (xref-find-definitions (xref-backend-identifier-at-point (xref-find-backend)))
            (aura-test--wait "the jump to the definition" (lambda () (/= (line-number-at-pos) from))))
          (push `(definition . ((line . ,(line-number-at-pos)) (column . ,(1+ (current-column))))) result)

          ;; The quickfix, picked from Eglot's menu as a user picks: the first one offered.
          (aura-test--goto "print(")
          (let ((offered nil)
                (before (buffer-string))
                (last-nonmenu-event 13))
            (cl-letf (((symbol-function 'completing-read)
                       (lambda (_prompt collection &rest _)
                         (setq offered (mapcar #'car collection))
                         (car (car collection)))))
              (eglot-code-actions (point) (line-end-position) "quickfix" t))
            (push `(code_actions . ,(vconcat offered)) result)
            (aura-test--wait "the quickfix edit" (lambda () (not (equal (buffer-string) before)))))
          (push `(after_fix . ,(aura-test--text)) result)
          (let ((fixed-line (line-number-at-pos)))
            ;; The edit reaches the server as a didChange; its diagnostics replace the old ones.
            (aura-test--wait "diagnostics for the fixed text"
                             (lambda ()
                               (not (cl-find-if (lambda (d)
                                                  (= fixed-line (line-number-at-pos (flymake-diagnostic-beg d))))
                                                (flymake-diagnostics))))))
          (push `(diagnostics_after_fix . ,(aura-test--diagnostics)) result)

          (push `(before_format . ,(aura-test--text)) result)
          (eglot-format-buffer)
          (push `(after_format . ,(aura-test--text)) result)
          (eglot-shutdown (eglot-current-server)))
      (error (setq error-message (error-message-string err))))
    (with-temp-file (getenv "AURA_EMACS_RESULT")
      (insert (json-encode `((ok . ,(if error-message :json-false t))
                             (error . ,error-message)
                             (result . ,(or result (make-hash-table)))))))))
