/* SPDX-License-Identifier: MIT */
#pragma once

/* What the condition*.c files share; not for use elsewhere (condition.h is the interface).
 *  condition.c           the path, file, user and group tests, condition_test(), the list semantics
 *  condition-util.c      root-relative reads, comparison operators, versions, 128-bit IDs, cgroups
 *  condition-virt.c      container and VM detection, user namespaces, kernel command line, initrd, EFI
 *  condition-system.c    the system-property tests (Architecture= ... OSRelease=)
 *  condition-pressure.c  MemoryPressure=, CPUPressure=, IOPressure=
 * Every function here is prefixed cond_, so the library exports no generic names. */

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "condition.h"

/* Upper bound for any file we read (/proc/1/cmdline and /proc/1/environ are the large ones). */
#define COND_READ_MAX (1024U * 1024U)
/* Upper bound for directory entries looked at in one directory, and for glob()'s directory reads. */
#define COND_DIR_ENTRIES_MAX 65536U

static inline bool cond_is_digit(char c) {
        return c >= '0' && c <= '9';
}

static inline void cond_closedirp(DIR **d) {
        if (*d)
                (void) closedir(*d);
}

/* ---- condition-util.c: reads below condition_root ---- */

char *cond_root_path(const char *p);
int cond_read_file_bounded(const char *path, size_t max, bool truncate, char **ret, size_t *ret_size);
int cond_root_read(const char *p, size_t max, bool truncate, char **ret, size_t *ret_size);
int cond_read_line_file(const char *path, char **ret);
int cond_root_read_line(const char *p, char **ret);
int cond_root_exists(const char *p);
int cond_text_field(const char *text, const char *key, char **ret);
int cond_parse_devnum(const char *s, dev_t *ret);

/* ---- condition-util.c: comparison operators and versions ---- */

typedef enum CompareOperator {
        COMPARE_LOWER,
        COMPARE_LOWER_OR_EQUAL,
        COMPARE_EQUAL,
        COMPARE_UNEQUAL,
        COMPARE_GREATER_OR_EQUAL,
        COMPARE_GREATER,
        COMPARE_STRING_EQUAL,
        COMPARE_STRING_UNEQUAL,
        COMPARE_FNMATCH_EQUAL,
        COMPARE_FNMATCH_UNEQUAL,
        _COMPARE_OPERATOR_INVALID = -EINVAL,
} CompareOperator;

#define COMPARE_ALLOW_FNMATCH (1U << 0)   /* accept "$=" and "!$=" (an error otherwise) */
#define COMPARE_EQUAL_BY_STRING (1U << 1) /* "=" and "!=" compare strings, "==" and "<>" versions */
/* The characters operators are made of: what ends a key in "KEY>=VALUE". */
#define COMPARE_OPERATOR_CHARS "!<=>$"

CompareOperator cond_parse_compare_operator(const char **s, unsigned flags);
bool cond_test_order(int k, CompareOperator op);
int cond_version_or_fnmatch_compare(CompareOperator op, const char *a, const char *b);
int cond_split_key_operator(const char *s, char **ret_key, const char **ret_rest);

/* ---- condition-util.c: 128-bit IDs ---- */

int cond_id128_parse(const char *s, uint8_t ret[16]);
int cond_read_machine_id(uint8_t ret[16]);

/* ---- condition-util.c: cgroups ---- */

/* Bit i is the controller named cgroup_controller_names[i] in condition-util.c. */
enum {
        CG_CPU = 1U << 0,
        CG_CPUACCT = 1U << 1,
        CG_CPUSET = 1U << 2,
        CG_IO = 1U << 3,
        CG_BLKIO = 1U << 4,
        CG_MEMORY = 1U << 5,
        CG_DEVICES = 1U << 6,
        CG_PIDS = 1U << 7,
        CG_BPF_FIREWALL = 1U << 8,
        CG_BPF_DEVICES = 1U << 9,
        CG_BPF_FOREIGN = 1U << 10,
        CG_BPF_SOCKET_BIND = 1U << 11,
        CG_BPF_RESTRICT_NETWORK_INTERFACES = 1U << 12,
        CG_MASK_V1 = CG_CPU | CG_CPUACCT | CG_BLKIO | CG_MEMORY | CG_DEVICES | CG_PIDS,
        CG_MASK_V2 = CG_CPU | CG_CPUSET | CG_IO | CG_MEMORY | CG_PIDS,
};

unsigned cond_cgroup_mask_from_string(const char *s);
int cond_cgroup_unified(void);
int cond_cgroup_supported_mask(unsigned *ret);
int cond_cgroup_escape(const char *name, char **ret);

/* ---- condition-virt.c ---- */

typedef enum VirtKind {
        VIRT_NONE,
        VIRT_VM,
        VIRT_CONTAINER,
} VirtKind;


int cond_detect_container(char **env, const char **ret_id);
int cond_detect_virtualization(char **env, VirtKind *ret_kind, const char **ret_id);
int cond_running_in_userns(void);
bool cond_in_initrd(void);
int cond_proc_cmdline_words(char **env, char ***ret);
int cond_proc_cmdline_get_bool(char **env, const char *key, bool *ret);
bool cond_is_efi_boot(char **env);
bool cond_is_efi_secure_boot(char **env);

/* ---- condition-system.c: 1 true, 0 false, -errno; condition_test() applies the negation ---- */

int cond_test_architecture(const char *param);
int cond_test_firmware(const char *param, char **env);
int cond_test_virtualization(const char *param, char **env);
int cond_test_host(const char *param);
int cond_test_kernel_command_line(const char *param, char **env);
int cond_test_kernel_version(const char *param);
int cond_test_credential(const char *param, char **env);
int cond_test_security(const char *param, char **env);
int cond_test_capability(const char *param);
int cond_test_ac_power(const char *param);
int cond_test_memory(const char *param);
int cond_test_cpus(const char *param);
int cond_test_environment(const char *param, char **env);
int cond_test_cpu_feature(const char *param);
int cond_test_os_release(const char *param);

/* ---- condition-pressure.c ---- */

int cond_test_pressure(ConditionType type, const char *param);
