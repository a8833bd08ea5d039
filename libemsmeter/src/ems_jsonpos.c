#define _POSIX_C_SOURCE 200809L
/* Positions of JSON values by path. jansson validates the text first; this scanner
 * then walks the same text and records, for each value, its path and line/column,
 * so configuration errors can say "file:12:5: devices[2].address: ...". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ems_internal.h"
#include "ems/error.h"

typedef struct entry {
	char *path;
	int line, col;
} entry;

struct ems_jsonpos {
	entry *e;
	size_t n, cap;
};

typedef struct scan {
	const char *p;
	int line, col;
	ems_jsonpos *pos;
	int depth;
	int failed;
} scan;

static void adv(scan *s)
{
	if (*s->p == '\n') {
		s->line++;
		s->col = 1;
	} else {
		s->col++;
	}
	s->p++;
}

static void ws(scan *s)
{
	while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
		adv(s);
}

static void add(scan *s, const char *path)
{
	ems_jsonpos *jp = s->pos;
	if (jp->n == jp->cap) {
		size_t nc = jp->cap ? jp->cap * 2 : 64;
		entry *ne = realloc(jp->e, nc * sizeof *ne);
		if (!ne) {
			s->failed = 1;
			return;
		}
		jp->e = ne;
		jp->cap = nc;
	}
	char *cp = strdup(path);
	if (!cp) {
		s->failed = 1;
		return;
	}
	jp->e[jp->n].path = cp;
	jp->e[jp->n].line = s->line;
	jp->e[jp->n].col = s->col;
	jp->n++;
}

/* Read a string at s->p (on the opening quote) into buf (truncated). */
static void str(scan *s, char *buf, size_t size)
{
	size_t k = 0;
	adv(s);
	while (*s->p && *s->p != '"') {
		if (*s->p == '\\' && s->p[1])
			adv(s);
		if (k + 1 < size)
			buf[k++] = *s->p;
		adv(s);
	}
	if (*s->p == '"')
		adv(s);
	if (size)
		buf[k] = '\0';
}

static void value(scan *s, char *path, size_t plen, size_t cap);

static void value(scan *s, char *path, size_t plen, size_t cap)
{
	ws(s);
	if (s->failed || !*s->p || s->depth > 64) {
		s->failed = 1;
		return;
	}
	path[plen] = '\0';
	add(s, path);
	if (*s->p == '{') {
		s->depth++;
		adv(s);
		ws(s);
		while (*s->p && *s->p != '}') {
			char key[96];
			if (*s->p != '"') {
				s->failed = 1;
				return;
			}
			str(s, key, sizeof key);
			ws(s);
			if (*s->p == ':')
				adv(s);
			int w = snprintf(path + plen, cap - plen, plen ? ".%s" : "%s", key);
			size_t nl = (w > 0 && (size_t)w < cap - plen) ? plen + (size_t)w : plen;
			value(s, path, nl, cap);
			if (s->failed)
				return;
			ws(s);
			if (*s->p == ',') {
				adv(s);
				ws(s);
			}
		}
		if (*s->p == '}')
			adv(s);
		s->depth--;
	} else if (*s->p == '[') {
		s->depth++;
		adv(s);
		ws(s);
		for (int i = 0; *s->p && *s->p != ']'; i++) {
			int w = snprintf(path + plen, cap - plen, "[%d]", i);
			size_t nl = (w > 0 && (size_t)w < cap - plen) ? plen + (size_t)w : plen;
			value(s, path, nl, cap);
			if (s->failed)
				return;
			ws(s);
			if (*s->p == ',') {
				adv(s);
				ws(s);
			}
		}
		if (*s->p == ']')
			adv(s);
		s->depth--;
	} else if (*s->p == '"') {
		char skip[2];
		str(s, skip, sizeof skip);
	} else {
		while (*s->p && *s->p != ',' && *s->p != '}' && *s->p != ']' && *s->p != ' ' &&
		       *s->p != '\n' && *s->p != '\r' && *s->p != '\t')
			adv(s);
	}
	path[plen] = '\0';
}

ems_jsonpos *ems_jsonpos_build(const char *text)
{
	ems_jsonpos *jp = calloc(1, sizeof *jp);
	if (!jp || !text)
		return jp;
	scan s = {text, 1, 1, jp, 0, 0};
	char path[256];
	path[0] = '\0';
	value(&s, path, 0, sizeof path);
	return jp; /* partial on failure: errors then point at the nearest known value */
}

void ems_jsonpos_free(ems_jsonpos *pos)
{
	if (!pos)
		return;
	for (size_t i = 0; i < pos->n; i++)
		free(pos->e[i].path);
	free(pos->e);
	free(pos);
}

int ems_jsonpos_find(const ems_jsonpos *pos, const char *path, int *line, int *col)
{
	if (!pos || !path)
		return -1;
	char buf[256];
	ems_strlcpy(buf, path, sizeof buf);
	for (;;) {
		for (size_t i = 0; i < pos->n; i++)
			if (strcmp(pos->e[i].path, buf) == 0) {
				*line = pos->e[i].line;
				*col = pos->e[i].col;
				return 0;
			}
		if (!buf[0])
			return -1;
		/* drop the last component */
		char *dot = strrchr(buf, '.');
		char *br = strrchr(buf, '[');
		char *cut = dot > br ? dot : br;
		if (!cut)
			buf[0] = '\0';
		else
			*cut = '\0';
	}
}

void ems_strlcpy(char *dst, const char *src, size_t size)
{
	if (!size)
		return;
	if (!src)
		src = "";
	size_t n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void ems_cfg_fail(ems_config_error *err, const ems_jsonpos *pos, const char *file,
		  const char *path, const char *fmt, ...)
{
	if (!err)
		return;
	memset(err, 0, sizeof *err);
	ems_strlcpy(err->file, file ? file : "<string>", sizeof err->file);
	ems_strlcpy(err->path, path ? path : "", sizeof err->path);
	int line = 0, col = 0;
	if (pos && path && ems_jsonpos_find(pos, path, &line, &col) == 0) {
		err->line = line;
		err->column = col;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->reason, sizeof err->reason, fmt, ap);
	va_end(ap);
}

void ems_cfg_parse_fail(ems_config_error *err, const char *file, const json_error_t *je)
{
	if (!err)
		return;
	memset(err, 0, sizeof *err);
	ems_strlcpy(err->file, file ? file : "<string>", sizeof err->file);
	err->line = je->line > 0 ? je->line : 0;
	err->column = je->column > 0 ? je->column : 0;
	snprintf(err->reason, sizeof err->reason, "not valid JSON: %s", je->text);
}

int ems_config_error_format(const ems_config_error *err, char *buf, size_t size)
{
	if (!err)
		return EMS_EINVAL;
	char where[48] = "";
	if (err->line > 0 && err->column > 0)
		snprintf(where, sizeof where, "%d:%d:", err->line, err->column);
	else if (err->line > 0)
		snprintf(where, sizeof where, "%d:", err->line);
	int n = snprintf(buf, buf ? size : 0, "%s:%s %s%s%s", err->file, where,
			 err->path, err->path[0] ? ": " : "", err->reason);
	return n < 0 ? EMS_EIO : n;
}
