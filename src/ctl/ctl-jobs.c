/* SPDX-License-Identifier: MIT */
/* sockactctl start, stop, restart, reload, reset-failed. */
#include <time.h>

#include "ctl-bus.h"
#include "ctl-format.h"
#include "ctl-jobs.h"
#include "log.h"
#include "strv.h"

/* How long to wait for a unit to leave activating/deactivating: the daemon's own timeouts end those
 * states (90 s by default), this only keeps a wedged daemon from hanging us forever. */
#define JOB_WAIT_MAX_USEC (10 * USEC_PER_MINUTE)

static const struct {
        const char *verb, *method, *past, *doing;
} jobs[] = {
        { "start", "StartUnit", "started", "start" },
        { "stop", "StopUnit", "stopped", "stop" },
        { "restart", "RestartUnit", "restarted", "restart" },
        { "reload", "ReloadUnit", "reloaded", "reload" },
        { "reset-failed", "ResetFailed", "reset", "reset the failed state of" },
};

static bool state_is_transitional(const char *state) {
        return STR_IN_SET(state, "activating", "deactivating", "reloading");
}

static void sleep_usec(usec_t u) {
        struct timespec ts = {
                .tv_sec = (time_t) (u / USEC_PER_SEC),
                .tv_nsec = (long) (u % USEC_PER_SEC) * 1000,
        };

        (void) nanosleep(&ts, NULL);
}

static int state_inactive(char **ret) {
        *ret = strdup("inactive");
        return *ret ? 0 : -ENOMEM;
}

/* The calls return when the job was started: wait until the unit settles, and return its state then. A unit
 * that is gone once stopped (an Accept=yes instance is removed when it ends) is inactive. */
static int wait_for_unit(sd_bus *bus, const char *name, bool stopping, char **ret_state) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_free_ char *path = NULL;
        usec_t start = now_realtime(), delay = 10 * USEC_PER_MSEC;
        int r;

        if (stopping) { /* not loaded (again) to be looked at */
                _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
                const char *p;

                r = ctl_call_manager(bus, "GetUnit", &error, &reply, "s", name);
                if (r < 0 && sd_bus_error_has_name(&error, SOCKACT_ERROR_NO_SUCH_UNIT))
                        return state_inactive(ret_state);
                if (r >= 0)
                        r = sd_bus_message_read(reply, "o", &p);
                if (r >= 0 && !(path = strdup(p)))
                        r = -ENOMEM;
        } else
                r = ctl_load_unit(bus, name, &path, &error);
        if (r < 0)
                return r;
        for (;;) {
                _cleanup_free_ char *state = NULL;

                r = sd_bus_get_property_string(bus, SOCKACT_BUS_NAME, path, SOCKACT_UNIT_INTERFACE,
                                               "ActiveState", &error, &state);
                if (r < 0 && stopping && sd_bus_error_has_name(&error, SD_BUS_ERROR_UNKNOWN_OBJECT))
                        return state_inactive(ret_state);
                if (r < 0)
                        return r;
                if (!state_is_transitional(state)) {
                        *ret_state = TAKE_PTR(state);
                        return 0;
                }
                /* waiting for its next restart (RestartSec=): the start itself is done, as systemctl's job */
                if (streq(state, "activating")) {
                        _cleanup_free_ char *sub = NULL;

                        if (sd_bus_get_property_string(bus, SOCKACT_BUS_NAME, path, SOCKACT_UNIT_INTERFACE,
                                                       "SubState", &error, &sub) >= 0 &&
                            streq(sub, "auto-restart")) {
                                *ret_state = TAKE_PTR(state);
                                return 0;
                        }
                        sd_bus_error_free(&error);
                }
                if (now_realtime() - start > JOB_WAIT_MAX_USEC)
                        return -ETIMEDOUT;
                sleep_usec(delay);
                delay = MIN(delay * 2, 200 * USEC_PER_MSEC);
        }
}

/* Whether the last ExecReload= of service name failed (false for what is not a service or cannot tell). */
static bool reload_failed(sd_bus *bus, const char *name) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_free_ char *path = NULL, *result = NULL;

        if (ctl_load_unit(bus, name, &path, &error) < 0 ||
            sd_bus_get_property_string(bus, SOCKACT_BUS_NAME, path, SOCKACT_SERVICE_INTERFACE, "ReloadResult",
                                       &error, &result) < 0)
                return false;
        return !streq(result, "success");
}

static int job_one(sd_bus *bus, size_t job, const char *name, JsonWriter *j) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_free_ char *state = NULL;
        const char *result = "done";
        int r, ret = 0;

        r = ctl_call_manager(bus, jobs[job].method, &error, NULL, "s", name);
        if (r < 0) {
                log_error("Failed to %s %s: %s", jobs[job].doing, name, ctl_bus_error_message(&error, r));
                /* as systemctl: 5 for a unit that is not there or cannot be loaded */
                if (sd_bus_error_has_name(&error, SOCKACT_ERROR_LOAD_FAILED))
                        ret = CTL_EXIT_NOT_LOADED;
                else
                        ret = ctl_bus_error_exit_status(&error, CTL_EXIT_NOT_LOADED);
                result = ret == CTL_EXIT_NOT_LOADED ? "not-found" : "failed";
        } else if (!arg_no_block) {
                r = wait_for_unit(bus, name, job == 1, &state);
                if (r == -ETIMEDOUT) {
                        log_error("Timed out waiting for %s to be %s.", name, jobs[job].past);
                        result = "timeout";
                        ret = CTL_EXIT_FAILURE;
                } else if (r < 0) {
                        log_error("Failed to get the state of %s: %s", name,
                                  ctl_bus_error_message(&error, r));
                        result = "failed";
                        ret = CTL_EXIT_FAILURE;
                } else if ((job != 1 && streq(state, "failed")) || (job == 3 && reload_failed(bus, name))) {
                        log_error("Job for %s failed.\nSee \"sockactctl status %s\" for details.", name,
                                  name);
                        result = "failed";
                        ret = CTL_EXIT_FAILURE;
                }
        }

        if (j) {
                json_begin_object(j);
                json_field_string(j, "unit", name);
                json_field_string(j, "job", jobs[job].verb);
                json_field_string(j, "result", result);
                if (state)
                        json_field_string(j, "state", state);
                if (r < 0)
                        json_field_string(j, "error", ctl_bus_error_message(&error, r));
                json_end_object(j);
        }
        return ret;
}

int ctl_run_jobs(const char *verb, char *const *names, JsonWriter *j) {
        _cleanup_(sd_bus_unrefp) sd_bus *bus = NULL;
        size_t job = 0;
        int r, ret = 0;

        while (job < ELEMENTSOF(jobs) && !streq(jobs[job].verb, verb))
                job++;
        assert_return(job < ELEMENTSOF(jobs), -EINVAL);

        r = ctl_bus_connect(&bus);
        if (r < 0)
                return r;
        STRV_FOREACH(n, names)
                ret = MAX(ret, job_one(bus, job, *n, j));
        return ret;
}

static int verb_job(const char *verb, int argc, char *argv[]) {
        JsonWriter j;
        int r;

        json_init(&j, stdout);
        if (!arg_json)
                return ctl_run_jobs(verb, argv + 1, NULL);
        json_begin_array(&j);
        r = ctl_run_jobs(verb, argv + 1, &j);
        if (r < 0) /* not connected: no document */
                return r;
        json_end_array(&j);
        json_finish(&j);
        return r;
}

int verb_start(int argc, char *argv[]) {
        return verb_job("start", argc, argv);
}

int verb_stop(int argc, char *argv[]) {
        return verb_job("stop", argc, argv);
}

int verb_restart(int argc, char *argv[]) {
        return verb_job("restart", argc, argv);
}

int verb_reset_failed(int argc, char *argv[]) {
        return verb_job("reset-failed", argc, argv);
}

int verb_reload(int argc, char *argv[]) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_unrefp) sd_bus *bus = NULL;
        int r;

        if (argc > 1) /* reload UNIT...: their ExecReload= */
                return verb_job("reload", argc, argv);
        r = ctl_bus_connect(&bus);
        if (r < 0)
                return r;
        r = ctl_call_manager(bus, "Reload", &error, NULL, NULL);
        if (r < 0) {
                log_error("Failed to reload: %s", ctl_bus_error_message(&error, r));
                if (arg_json) {
                        JsonWriter j;

                        json_init(&j, stdout);
                        json_begin_object(&j);
                        json_field_string(&j, "result", "failed");
                        json_field_string(&j, "error", ctl_bus_error_message(&error, r));
                        json_end_object(&j);
                        json_finish(&j);
                }
                return ctl_bus_error_exit_status(&error, CTL_EXIT_FAILURE);
        }
        if (arg_json)
                printf("{\"result\":\"done\"}\n");
        return 0;
}
