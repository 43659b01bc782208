#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1   /* wide API: cchar_t, wget_wch, mvaddwstr */
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Macros and mutable globals Swift cannot import (or may not touch in Swift 6) as accessors. */
static inline attr_t nc_a_normal(void)    { return A_NORMAL; }
static inline attr_t nc_a_bold(void)      { return A_BOLD; }
static inline attr_t nc_a_reverse(void)   { return A_REVERSE; }
static inline attr_t nc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t nc_a_dim(void)       { return A_DIM; }
static inline WINDOW *nc_stdscr(void)     { return stdscr; }
static inline int nc_lines(void)          { return LINES; }
static inline int nc_cols(void)           { return COLS; }
static inline int nc_colors(void)         { return COLORS; }
static inline int nc_color_pairs(void)    { return COLOR_PAIRS; }
/* The locale's character set ("UTF-8", "ANSI_X3.4-1968", …) after setlocale(LC_ALL, ""). */
static inline const char *nc_codeset(void) { return nl_langinfo(CODESET); }
/* Function key n (KEY_F(n) is a macro with an argument). */
static inline int nc_key_f(int n)         { return KEY_F(n); }
#endif
