# The harness's own checks (sourced by load_tests in lib.sh): not in
# all_tests, as they must FAIL (or stop the VM), to show that the harness
# notices.  tests/vm/run.sh --tests "self_warn self_fail self_hang self_panic"
t_self_warn() { echo "<4>WARNING: CPU: 0 PID: 1 at harness self-test" >/dev/kmsg; }
t_self_fail() { fail "deliberate failure"; }
t_self_hang() { sleep 100000; }
t_self_panic() { echo c >/proc/sysrq-trigger; }
