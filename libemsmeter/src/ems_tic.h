/* The TIC meter driver (internal). */
#ifndef EMS_TIC_H
#define EMS_TIC_H
#include "ems_inst.h"
extern const ems_driver ems_tic_driver;
/* Set a device up as a TIC meter on a serial device; mode "auto", "historic", "standard". */
int ems_tic_configure(ems_device *d, const char *port, const char *mode, char *why, size_t whylen);
#endif
