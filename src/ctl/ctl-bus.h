/* SPDX-License-Identifier: MIT */
#pragma once

/* sockactctl's side of the control protocol (notes: control-protocol.md): the connection to sockactd and
 * the calls, with the replies read into plain structs. */

#include <stdint.h>
#include <systemd/sd-bus.h>

#include "ctl.h"
#include "time-util.h"

#define SOCKACT_BUS_NAME "org.sockact1"
#define SOCKACT_MANAGER_PATH "/org/sockact1"
#define SOCKACT_MANAGER_INTERFACE "org.sockact1.Manager"
#define SOCKACT_UNIT_INTERFACE "org.sockact1.Unit"
#define SOCKACT_SOCKET_INTERFACE "org.sockact1.Socket"
#define SOCKACT_SERVICE_INTERFACE "org.sockact1.Service"
#define SOCKACT_ERROR_NO_SUCH_UNIT "org.sockact1.Error.NoSuchUnit"
#define SOCKACT_ERROR_LOAD_FAILED "org.sockact1.Error.LoadFailed"

/* Connect to the daemon's private socket (RUNTIME/private). On failure logs the one line a user needs,
 * "Failed to connect to sockactd at PATH: REASON", and returns the error. */
int ctl_bus_connect(sd_bus **ret);

/* The message of a failed call: the error's own message, else strerror. */
const char *ctl_bus_error_message(const sd_bus_error *e, int r);
/* The exit status a failed call means: not_found for NoSuchUnit, CTL_EXIT_NO_SUCH_UNIT (4, as systemctl)
 * for access denied, CTL_EXIT_FAILURE otherwise. */
int ctl_bus_error_exit_status(const sd_bus_error *e, int not_found);

/* Call a method of org.sockact1.Manager. */
int ctl_call_manager(sd_bus *bus, const char *method, sd_bus_error *error, sd_bus_message **ret_reply,
                     const char *types, ...);

/* LoadUnit: the unit's object path. */
int ctl_load_unit(sd_bus *bus, const char *name, char **ret_path, sd_bus_error *error);

/* A property value as read from the bus: a D-Bus basic type, or an array ('a') or struct ('r', also for
 * dict entries) of values. */
typedef struct BusValue {
        char type;
        char *str;  /* s, o, g */
        uint64_t u; /* b y q u t */
        int64_t i;  /* n i x h */
        double d;
        struct BusValue *items; /* a, r */
        size_t n_items;
} BusValue;

typedef struct BusProperty {
        char *name;
        const char *interface;
        BusValue value;
} BusProperty;

typedef struct BusProperties {
        BusProperty *items;
        size_t n;
} BusProperties;

void bus_properties_done(BusProperties *p);
/* Properties.GetAll(interface) on path, appended to p. */
int ctl_get_all_properties(sd_bus *bus, const char *path, const char *interface, BusProperties *p,
                           sd_bus_error *error);
/* Sort by name (show prints them so). */
void bus_properties_sort(BusProperties *p);
const BusProperty *bus_properties_find(const BusProperties *p, const char *name) _pure_;
/* Typed access with defaults for missing properties or other types: NULL, 0, 0. */
const char *bus_properties_string(const BusProperties *p, const char *name) _pure_;
uint64_t bus_properties_unsigned(const BusProperties *p, const char *name) _pure_;
int64_t bus_properties_signed(const BusProperties *p, const char *name) _pure_;
/* The strings of an "as" property (NULL-terminated view, owned by p), NULL if there is none. */
int bus_properties_strv(const BusProperties *p, const char *name, char ***ret);

/* A property of a unit whose value is a timestamp (type t, name ending in "Timestamp"). */
bool bus_property_is_timestamp(const BusProperty *p) _pure_;
/* Print the value as `show` does (strings as they are, booleans yes/no, timestamps formatted, arrays
 * space-separated; an array of (ss) pairs as "B (A)" entries). Control characters become '?'. */
void bus_property_print(const BusProperty *p, FILE *f);
/* The value as JSON (arrays as arrays, structs as arrays of their fields, timestamps as numbers). */
struct JsonWriter;
void bus_value_json(const BusValue *v, struct JsonWriter *j);

/* GetUnitLog(name, max_lines): the unit's recent output, oldest first. */
typedef struct LogLine {
        usec_t timestamp;
        char *message;
} LogLine;

void log_lines_free(LogLine *l, size_t n);
int ctl_get_unit_log(sd_bus *bus, const char *name, unsigned max_lines, LogLine **ret, size_t *ret_n,
                     sd_bus_error *error);
