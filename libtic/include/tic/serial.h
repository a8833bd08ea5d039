/**
 * @file tic/serial.h
 * @brief Serial I/O for TIC on Linux/POSIX (outside the core; needs libserialport).
 *
 * Available when libtic is built with HEMS_BUILD_TIC_SERIAL=ON (the macro
 * TIC_HAVE_SERIAL is then defined for consumers). Real adapters (/dev/ttyUSB0,
 * /dev/ttyAMA0…) are opened and configured with libserialport; other character
 * devices (pseudo-terminals, which libserialport 0.1.1 refuses) through plain
 * termios. The line is set to 7 data bits, even parity, 1 stop bit, no flow
 * control, at 1200 baud (historic, PME-PMI) or 9600 baud (standard).
 *
 * Reads wait at most the given timeout; a disconnected adapter (EOF, EIO, ENXIO,
 * ENODEV) is reported as #TIC_EDISCONNECTED, never as an endless stream of empty
 * reads.
 *
 * @par Thread-safety
 * One port handle, one thread at a time.
 */
#ifndef TIC_SERIAL_H
#define TIC_SERIAL_H

#include <stddef.h>
#include "tic/config.h"
#include "tic/error.h"
#include "tic/dict.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup tic_serial Serial I/O
 *  @{ */

/** An open TIC serial port (opaque; tic_serial_open() allocates it). */
typedef struct tic_serial tic_serial;

/**
 * @brief Opens a port and sets the line for a mode.
 * @param out receives the handle (NULL on failure).
 * @param device port name ("/dev/ttyUSB0") or any character device path (a pty).
 * @param mode TIC_MODE_HISTORIC/_PMEPMI (1200 baud), TIC_MODE_STANDARD or
 *        TIC_MODE_AUTO (9600 baud; call tic_serial_detect() to pick the mode).
 * @return 0, #TIC_EINVAL (NULL, bad mode, not a character device), #TIC_EIO (open
 *         or configuration failed; errno tells why).
 */
TIC_API TIC_WARN_UNUSED int tic_serial_open(tic_serial **out, const char *device, tic_mode mode);

/**
 * @brief Changes the line speed for a mode (1200 or 9600 baud, 7E1) and drops
 * pending input.
 * @return 0, #TIC_EINVAL, #TIC_EIO.
 */
TIC_API TIC_WARN_UNUSED int tic_serial_set_mode(tic_serial *port, tic_mode mode);

/**
 * @brief Reads what is available, waiting at most @p timeout_ms for the first byte.
 * @param port the port. @param buf destination. @param cap its size (> 0).
 * @param timeout_ms longest wait in milliseconds (0: do not wait).
 * @param got receives the number of bytes read (0 on error or timeout).
 * @return 0 (bytes read), #TIC_ETIMEDOUT (nothing within the timeout),
 *         #TIC_EDISCONNECTED (adapter gone / end of file), #TIC_EIO, #TIC_EINVAL.
 */
TIC_API TIC_WARN_UNUSED int tic_serial_read(tic_serial *port, void *buf, size_t cap,
					    int timeout_ms, size_t *got);

/**
 * @brief Finds the mode of the stream: listens at 9600 baud, then at 1200, each
 * for up to @p timeout_ms, until a dataset with a valid checksum is decoded, and
 * leaves the port at the right speed.
 * @param port the port. @param timeout_ms time allowed per speed.
 * @param found receives TIC_MODE_STANDARD or TIC_MODE_HISTORIC.
 * @return 0, #TIC_ETIMEDOUT (no valid dataset at either speed), #TIC_EDISCONNECTED,
 *         #TIC_EIO, #TIC_EINVAL.
 */
TIC_API TIC_WARN_UNUSED int tic_serial_detect(tic_serial *port, int timeout_ms, tic_mode *found);

/**
 * @brief The mode the port is set for (TIC_MODE_AUTO for NULL).
 */
TIC_API tic_mode tic_serial_mode(const tic_serial *port);

/**
 * @brief The file descriptor to poll() on, or -1 for NULL.
 */
TIC_API int tic_serial_fd(const tic_serial *port);

/**
 * @brief Closes the port and frees the handle. NULL does nothing.
 */
TIC_API void tic_serial_close(tic_serial *port);

/**
 * @brief Lists the serial ports libserialport knows (real adapters, not ptys).
 * @param names receives the names, each followed by '\n', NUL-terminated.
 * @param cap size of @p names.
 * @param count receives the number of ports; may be NULL.
 * @return 0, #TIC_ENOSPC (list truncated at a name boundary), #TIC_EIO, #TIC_EINVAL.
 */
TIC_API TIC_WARN_UNUSED int tic_serial_list(char *names, size_t cap, size_t *count);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* TIC_SERIAL_H */
