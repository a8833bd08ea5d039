/* Internal structure of an installation: buses, devices, drivers. */
#ifndef EMS_INST_H
#define EMS_INST_H

#include <modbus.h>
#include "ems_internal.h"

#define EMS_MAX_GROUPS_PER_DEVICE 5
#define EMS_MAX_TERMS 32
#define EMS_MAX_SUNSPEC 8
#define EMS_ERRLEN 192

typedef enum bus_type { BUS_TCP, BUS_RTU } bus_type;

typedef struct ems_bus {
	char id[64];
	bus_type type;
	int implicit;          /* made from a device's host/port */
	char host[256];
	int port;
	char device[256];
	int baud;
	char parity;
	int data_bits, stop_bits;
	int rs485;             /* kernel RS485 mode (TIOCSRS485) */
	int serial_like;       /* one slave at a time with gaps: RTU, or a TCP gateway */
	int frame_delay_ms;    /* silence between two requests */
	int slave_gap_ms;      /* extra silence when the slave changes */
	int connect_timeout_ms;
	int backoff_max_ms;
	modbus_t *ctx;
	int connected;
	int64_t next_connect_ms; /* monotonic ms before which no reconnect is tried */
	int backoff_ms;
	int last_slave;
	int64_t last_io_ms;
	char connect_error[EMS_ERRLEN];
	ems_bus_stats stats;
} ems_bus;

typedef struct ems_block {
	uint8_t fc;
	uint16_t start;
	uint16_t count;
} ems_block;

typedef struct ems_sunspec_model {
	ems_regmap *map;
	uint16_t base;  /* address of the first data register (after ID and L) */
	uint16_t len;   /* L */
} ems_sunspec_model;

struct ems_device;
struct ems_installation;

/* A device kind: how to read, write and close it (Modbus map, SunSpec, virtual, TIC, Enphase...). */
typedef struct ems_driver {
	const char *name;
	int (*read)(struct ems_installation *inst, struct ems_device *d, ems_reading *out,
		    char *err, size_t errlen);
	int (*write)(struct ems_installation *inst, struct ems_device *d, ems_quantity q, double value,
		     char *err, size_t errlen);
	void (*close)(struct ems_device *d);
} ems_driver;

typedef struct ems_term {
	size_t dev;       /* source device */
	int sign;         /* +1 or -1 */
	int all;          /* 1: every additive quantity to itself; 0: src -> dst */
	ems_quantity src;
	ems_quantity dst;
} ems_term;

typedef struct ems_device {
	char name[64];
	char model[64];
	const ems_driver *drv;
	ems_bus *bus;
	int slave;
	int interface_no;      /* Legrand "device-interface" form: the interface, 0 if none */
	ems_regmap *map;       /* Modbus map (owned) */
	ems_block *blocks;
	size_t nblocks;
	uint8_t *unsupported;  /* per field: answered "illegal address" alone */
	uint16_t *image;       /* last raw words per block, concatenated (stale detection) */
	size_t image_len;
	int64_t image_since;   /* when the raw image last changed */
	int stale_after_s;
	int last_mb_errno;     /* errno of the last failed libmodbus call */
	ems_regmap *ss_cand[EMS_MAX_SUNSPEC]; /* SunSpec maps this device may have */
	size_t nss_cand;
	ems_sunspec_model ss[EMS_MAX_SUNSPEC];
	size_t nss;
	int ss_discovered;
	int timeout_ms;
	int retries;
	int interval_s;
	int64_t next_due;
	int enabled;
	int is_virtual;
	ems_term terms[EMS_MAX_TERMS];
	size_t nterms;
	char load_type[32];
	char groups[EMS_MAX_GROUPS_PER_DEVICE][64];
	int ngroups;
	int exclude;
	ems_reading reading;
	ems_device_stats stats;
	void *priv;            /* driver data of non-Modbus kinds */
	void (*priv_free)(void *);
} ems_device;

struct ems_installation {
	ems_installation_options opts;
	char maps_dir[512];
	ems_bus *buses;
	size_t nbuses;
	ems_device *devs;
	size_t ndevs;
	char (*groups)[64];
	size_t ngroups;
};

extern const ems_driver ems_modbus_driver;
extern const ems_driver ems_sunspec_driver;
extern const ems_driver ems_virtual_driver;

/* Monotonic milliseconds. */
int64_t ems_now_ms(void);
/* Sleep for ms milliseconds (no-op for ms <= 0). */
void ems_sleep_ms(int64_t ms);

/* Modbus helpers (ems_modbus.c). */
int ems_bus_begin(ems_bus *b, ems_device *d, char *err, size_t errlen);
int ems_bus_read(ems_bus *b, ems_device *d, uint8_t fc, uint16_t addr, uint16_t count,
		 uint16_t *words, char *err, size_t errlen);
int ems_bus_write(ems_bus *b, ems_device *d, uint8_t fc, uint16_t addr, const uint16_t *words,
		  uint16_t count, char *err, size_t errlen);
void ems_bus_close(ems_bus *b);
int ems_plan_blocks(ems_device *d, int coalesce);
/* Decode a field from words read at base address 'base'. */
int ems_field_decode(const ems_field *f, const uint16_t *words, size_t nwords, double *out);

#endif
