// Non-variadic entry points into libedit: Swift cannot call C variadic functions
// such as el_set() and history(), so each use gets a typed static inline accessor here.
#ifndef PORPOISE_CEDITLINE_SHIM_H
#define PORPOISE_CEDITLINE_SHIM_H

#include <histedit.h>
#include <stdio.h>
#include <signal.h>
#include <errno.h>

typedef char *(*pp_prompt_fn)(EditLine *);
typedef unsigned char (*pp_command_fn)(EditLine *, int);

static inline int pp_el_set_prompt(EditLine *e, pp_prompt_fn fn) { return el_set(e, EL_PROMPT, fn); }
static inline int pp_el_set_editor(EditLine *e, const char *mode) { return el_set(e, EL_EDITOR, mode); }
static inline int pp_el_set_history(EditLine *e, History *h) { return el_set(e, EL_HIST, history, h); }
static inline int pp_el_set_clientdata(EditLine *e, void *data) { return el_set(e, EL_CLIENTDATA, data); }
static inline void *pp_el_get_clientdata(EditLine *e) {
  void *data = NULL;
  el_get(e, EL_CLIENTDATA, &data);
  return data;
}
static inline int pp_el_add_function(EditLine *e, const char *name, const char *help, pp_command_fn fn) {
  return el_set(e, EL_ADDFN, name, help, fn);
}
static inline int pp_el_bind(EditLine *e, const char *key, const char *name) {
  return el_set(e, EL_BIND, key, name, NULL);
}
static inline int pp_el_set_signal(EditLine *e, int on) { return el_set(e, EL_SIGNAL, on); }

static inline int pp_history_set_size(History *h, int size) {
  HistEvent ev;
  return history(h, &ev, H_SETSIZE, size);
}
static inline int pp_history_set_unique(History *h, int on) {
  HistEvent ev;
  return history(h, &ev, H_SETUNIQUE, on);
}
static inline int pp_history_enter(History *h, const char *line) {
  HistEvent ev;
  return history(h, &ev, H_ENTER, line);
}
static inline int pp_history_load(History *h, const char *path) {
  HistEvent ev;
  return history(h, &ev, H_LOAD, path);
}
static inline int pp_history_save(History *h, const char *path) {
  HistEvent ev;
  return history(h, &ev, H_SAVE, path);
}

static inline FILE *pp_stdin(void) { return stdin; }
static inline FILE *pp_stdout(void) { return stdout; }
static inline FILE *pp_stderr(void) { return stderr; }

static inline unsigned char pp_cc_refresh(void) { return CC_REFRESH; }
static inline unsigned char pp_cc_redisplay(void) { return CC_REDISPLAY; }
static inline unsigned char pp_cc_error(void) { return CC_ERROR; }

#endif
