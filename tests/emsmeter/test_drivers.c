/* Suites "drivers", "writes", "totals": every shipped driver read over real sockets. */
#include <math.h>
#include <modbus.h>
#include "it.h"

static const char *SIM =
	"{\"servers\": [{\"port\": 0, \"devices\": ["
	"{\"unit\": 1, \"model\": \"eastron-sdm630\", \"power_w\": 2300},"
	"{\"unit\": 2, \"model\": \"eastron-sdm120\", \"power_w\": 800, \"phases\": 1},"
	"{\"unit\": 3, \"model\": \"eastron-sdm72\", \"power_w\": 900},"
	"{\"unit\": 4, \"model\": \"carlogavazzi-em24\", \"power_w\": -600},"
	"{\"unit\": 5, \"model\": \"carlogavazzi-em340\", \"power_w\": 1200},"
	"{\"unit\": 6, \"model\": \"abb-b23\", \"power_w\": 3000},"
	"{\"unit\": 7, \"model\": \"hager-ecr380d\", \"power_w\": 1500},"
	"{\"unit\": 8, \"model\": \"hager-ecr180d\", \"power_w\": 700, \"phases\": 1},"
	"{\"unit\": 9, \"model\": \"hager-eca380d\", \"power_w\": 400},"
	"{\"unit\": 10, \"model\": \"generic\", \"fc\": 3, \"register\": \"0x0100\", \"words\": 2, \"factor\": 10, \"energy_wh\": 123450},"
	"{\"unit\": 11, \"model\": \"pulse-counter\", \"fc\": 3, \"register\": 16, \"words\": 2, \"pulses\": 2000, \"pulse_rate\": 0},"
	"{\"unit\": 12, \"model\": \"generic-io\", \"inputs\": {\"fc\": 2, \"register\": 0, \"count\": 4}, \"outputs\": {\"fc\": 1, \"register\": 0, \"count\": 2}},"
	"{\"unit\": 13, \"model\": \"sunspec\", \"sunspec_models\": [203, 802], \"power_w\": 2500, \"soc_pct\": 64, \"battery_w\": -900},"
	"{\"unit\": 14, \"model\": \"sunspec\", \"sunspec_models\": [201], \"power_w\": 500, \"phases\": 1},"
	"{\"unit\": 15, \"model\": \"sunspec\", \"sunspec_models\": [701], \"power_w\": 4000},"
	"{\"unit\": 16, \"model\": \"phoenix-ev-eth\"},"
	"{\"unit\": 17, \"model\": \"sunspec\", \"sunspec_models\": [202], \"power_w\": 900},"
	"{\"unit\": 18, \"model\": \"sunspec\", \"sunspec_models\": [204], \"power_w\": 1900},"
	"{\"unit\": 19, \"model\": \"hager-witty-plus\"}"
	"]}]}";

#define INST \
	"{\"buses\": [{\"id\": \"lan\", \"type\": \"tcp\", \"host\": \"127.0.0.1\", \"port\": %d, \"timeout_ms\": 2000}]," \
	" \"timeout_ms\": 1000," \
	" \"devices\": [" \
	"{\"name\": \"sdm630\", \"model\": \"eastron-sdm630\", \"bus\": \"lan\", \"address\": 1, \"load_type\": \"grid\"}," \
	"{\"name\": \"sdm120\", \"model\": \"eastron-sdm120\", \"bus\": \"lan\", \"address\": 2, \"groups\": [\"kitchen\"]}," \
	"{\"name\": \"sdm72\", \"model\": \"eastron-sdm72\", \"bus\": \"lan\", \"address\": 3, \"groups\": [\"kitchen\"], \"load_type\": \"heat_pump\"}," \
	"{\"name\": \"em24\", \"model\": \"carlogavazzi-em24\", \"bus\": \"lan\", \"address\": 4}," \
	"{\"name\": \"em340\", \"model\": \"carlogavazzi-em340\", \"bus\": \"lan\", \"address\": 5, \"groups\": [\"kitchen\"], \"exclude_from_totals\": true}," \
	"{\"name\": \"b23\", \"model\": \"abb-b23\", \"bus\": \"lan\", \"address\": 6, \"load_type\": \"heat_pump\"}," \
	"{\"name\": \"ecr380\", \"model\": \"hager-ecr380d\", \"bus\": \"lan\", \"address\": 7}," \
	"{\"name\": \"ecr180\", \"model\": \"hager-ecr180d\", \"bus\": \"lan\", \"address\": 8}," \
	"{\"name\": \"eca380\", \"model\": \"hager-eca380d\", \"bus\": \"lan\", \"address\": 9}," \
	"{\"name\": \"old\", \"model\": \"generic\", \"bus\": \"lan\", \"address\": 10, \"fc\": 3, \"register\": \"0x0100\", \"words\": 2, \"factor\": \"10\"}," \
	"{\"name\": \"gas\", \"model\": \"pulse-counter\", \"bus\": \"lan\", \"address\": 11, \"fc\": 3, \"register\": 16, \"words\": 2, \"weight\": 0.01, \"medium\": \"gas\"}," \
	"{\"name\": \"io\", \"model\": \"generic-io\", \"bus\": \"lan\", \"address\": 12, \"inputs\": {\"fc\": 2, \"register\": 0, \"count\": 4}, \"outputs\": {\"fc\": 1, \"register\": 0, \"count\": 2}}," \
	"{\"name\": \"pvbat\", \"model\": \"sunspec\", \"bus\": \"lan\", \"address\": 13}," \
	"{\"name\": \"ss201\", \"model\": \"sunspec\", \"bus\": \"lan\", \"address\": 14}," \
	"{\"name\": \"inverter\", \"model\": \"sunspec\", \"bus\": \"lan\", \"address\": 15, \"load_type\": \"pv\"}," \
	"{\"name\": \"wallbox\", \"model\": \"phoenix-ev-eth\", \"bus\": \"lan\", \"address\": 16, \"load_type\": \"ev\"}," \
	"{\"name\": \"ss202\", \"model\": \"sunspec\", \"bus\": \"lan\", \"address\": 17}," \
	"{\"name\": \"ss204\", \"model\": \"sunspec\", \"bus\": \"lan\", \"address\": 18}," \
	"{\"name\": \"witty\", \"model\": \"hager-witty-plus\", \"bus\": \"lan\", \"address\": 19, \"load_type\": \"ev\"}," \
	"{\"name\": \"house\", \"model\": \"virtual\", \"sum\": [\"sdm630\", \"inverter\"], \"subtract\": [\"wallbox\"]}," \
	"{\"name\": \"house_energy\", \"model\": \"virtual\", \"terms\": {\"energy_import\": [\"+sdm630.energy_import\", \"+inverter.energy_export\", \"-sdm630.energy_export\"]}}" \
	"]}"

static hems_sim *sim;
static ems_installation *inst;

static void setup(void)
{
	sim = it_sim(SIM);
	char json[8192];
	snprintf(json, sizeof json, INST, hems_sim_port(sim, 0));
	inst = it_inst(json, 1);
	ck_assert_int_eq(ems_installation_poll(inst, 1000), EMS_OK);
}

static void teardown(void)
{
	ems_installation_free(inst);
	hems_sim_free(sim);
}

START_TEST(every_device_is_read)
{
	for (size_t i = 0; i < ems_installation_device_count(inst); i++) {
		ems_device_stats st;
		ck_assert_int_eq(ems_installation_device_stats(inst, i, &st), EMS_OK);
		ck_assert_msg(st.status == EMS_STATUS_OK, "%s: %s", ems_installation_device_name(inst, i),
			      st.last_error_text);
		ck_assert_uint_eq(st.successes, 1);
	}
}
END_TEST

START_TEST(meters_give_the_simulated_values)
{
	static const struct { const char *name; double p, tol; int phases; } m[] = {
		{"sdm630", 2300, 2, 3}, {"sdm120", 800, 2, 1}, {"sdm72", 900, 2, 3}, {"em24", -600, 2, 3},
		{"em340", 1200, 2, 3}, {"b23", 3000, 2, 3}, {"ecr380", 1500, 11, 3}, {"ecr180", 700, 11, 1},
		{"eca380", 400, 11, 3}, {"pvbat", 2500, 2, 3}, {"ss201", 500, 2, 1}, {"inverter", 4000, 2, 3},
		{"ss204", 1900, 2, 3},
	};
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		IT_NEAR(it_get(inst, m[i].name, EMS_Q_POWER), m[i].p, m[i].tol);
		IT_NEAR(it_get(inst, m[i].name, EMS_Q_VOLTAGE_L1), 230, 1.5);
		IT_NEAR(it_get(inst, m[i].name, EMS_Q_FREQUENCY), 50, 0.1);
		double i1 = it_get(inst, m[i].name, EMS_Q_CURRENT_L1);
		IT_NEAR(i1, fabs(m[i].p) / m[i].phases / 230 / 0.95, 0.1);
		if (m[i].phases == 3) {
			IT_NEAR(it_get(inst, m[i].name, EMS_Q_VOLTAGE_L3), 231.4, 1.5);
		} else {
			ems_reading r;
			ck_assert_int_eq(ems_installation_reading(inst, it_dev(inst, m[i].name), &r), EMS_OK);
			ck_assert_int_eq(ems_reading_get(&r, EMS_Q_VOLTAGE_L3, NULL), EMS_ENOTFOUND);
		}
	}
	/* energies: kWh, 0.1 kWh, 0.01 kWh and Wh resolutions */
	IT_NEAR(it_get(inst, "sdm630", EMS_Q_ENERGY_IMPORT), 1234567, 1);
	IT_NEAR(it_get(inst, "em24", EMS_Q_ENERGY_IMPORT), 1234567, 100);
	IT_NEAR(it_get(inst, "b23", EMS_Q_ENERGY_IMPORT), 1234567, 10);
	IT_NEAR(it_get(inst, "ecr380", EMS_Q_ENERGY_IMPORT), 1234567, 1000);
	IT_NEAR(it_get(inst, "pvbat", EMS_Q_ENERGY_IMPORT), 1234567, 1);
	IT_NEAR(it_get(inst, "inverter", EMS_Q_ENERGY_EXPORT), 4321, 1);
	IT_NEAR(it_get(inst, "sdm630", EMS_Q_POWER_FACTOR), 0.95, 0.001);
	IT_NEAR(it_get(inst, "pvbat", EMS_Q_POWER_FACTOR), 0.95, 0.01);
}
END_TEST

START_TEST(generic_pulse_io_battery)
{
	/* generic: register 0x0100, 2 words, x10 */
	IT_NEAR(it_get(inst, "old", EMS_Q_ENERGY_IMPORT), 123450, 10);
	IT_NEAR(it_get(inst, "gas", EMS_Q_PULSE_COUNT), 2000, 0);
	IT_NEAR(it_get(inst, "gas", EMS_Q_GAS_VOLUME), 20.0, 1e-9);
	ck_assert(it_get(inst, "io", EMS_Q_INPUT_1) == 1);
	ck_assert(it_get(inst, "io", EMS_Q_INPUT_2) == 0);
	ck_assert(it_get(inst, "io", EMS_Q_INPUT_3) == 1);
	ck_assert(it_get(inst, "io", EMS_Q_OUTPUT_1) == 0);
	IT_NEAR(it_get(inst, "pvbat", EMS_Q_BATTERY_SOC), 64, 0);
	IT_NEAR(it_get(inst, "pvbat", EMS_Q_BATTERY_POWER), -900, 0);
	/* a quantity a device does not have is absent, not zero */
	ems_reading r;
	ck_assert_int_eq(ems_installation_reading(inst, it_dev(inst, "old"), &r), EMS_OK);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_POWER, NULL), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_installation_reading(inst, it_dev(inst, "ss201"), &r), EMS_OK);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_BATTERY_SOC, NULL), EMS_ENOTFOUND);
	char buf[4096];
	ems_reading_to_json(&r, "ss201", NULL, buf, sizeof buf);
	ck_assert_ptr_null(strstr(buf, "battery"));
	ck_assert_ptr_nonnull(strstr(buf, "\"status\": \"ok\""));
}
END_TEST

START_TEST(not_available_values_are_absent)
{
	/* the meter answers NaN for its powers and currents: absent, the rest still there */
	ck_assert_int_eq(hems_sim_set_value(sim, 0, 1, "power", NAN), 0);
	ck_assert_int_eq(ems_installation_poll(inst, 1001), EMS_OK);
	ems_reading r;
	ck_assert_int_eq(ems_installation_reading(inst, it_dev(inst, "sdm630"), &r), EMS_OK);
	ck_assert_int_eq(r.status, EMS_STATUS_OK);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_POWER, NULL), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_CURRENT_L1, NULL), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_VOLTAGE_L1, NULL), EMS_OK);
	char buf[4096];
	ems_reading_to_json(&r, "sdm630", NULL, buf, sizeof buf);
	ck_assert_ptr_null(strstr(buf, "\"power_w\""));
	ck_assert_ptr_null(strstr(buf, "nan"));
	ck_assert_ptr_nonnull(strstr(buf, "\"voltage_v\""));
	/* integer registers: the type's sentinel (0x80000000, big endian and LSW first) */
	ck_assert_int_eq(hems_sim_set_value(sim, 0, 7, "power", NAN), 0);
	ck_assert_int_eq(hems_sim_set_value(sim, 0, 4, "power", NAN), 0);
	ck_assert_int_eq(ems_installation_poll(inst, 1002), EMS_OK);
	static const char *const ints[] = {"ecr380", "em24"};
	for (size_t k = 0; k < 2; k++) {
		ck_assert_int_eq(ems_installation_reading(inst, it_dev(inst, ints[k]), &r), EMS_OK);
		ck_assert_int_eq(r.status, EMS_STATUS_OK);
		ck_assert_msg(ems_reading_get(&r, EMS_Q_POWER, NULL) == EMS_ENOTFOUND, "%s power", ints[k]);
		ck_assert_int_eq(ems_reading_get(&r, EMS_Q_VOLTAGE_L2, NULL), EMS_OK);
	}
	/* the house total that needs it is not made up either */
	ck_assert_int_eq(ems_installation_reading(inst, it_dev(inst, "house"), &r), EMS_OK);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_POWER, NULL), EMS_ENOTFOUND);
}
END_TEST

START_TEST(charger_state)
{
	ck_assert(it_get(inst, "wallbox", EMS_Q_CHARGER_STATE) == EMS_CHARGER_C);
	ck_assert(it_get(inst, "wallbox", EMS_Q_CHARGER_ENABLED) == 1);
	IT_NEAR(it_get(inst, "wallbox", EMS_Q_CHARGER_SET_CURRENT), 16, 0);
	IT_NEAR(it_get(inst, "wallbox", EMS_Q_POWER), 16 * 230 * 3, 1);
	ck_assert(it_get(inst, "wallbox", EMS_Q_SESSION_ENERGY) >= 0);
}
END_TEST

/* The CP state register as a real client sees it: two ASCII characters, letter first. */
static void witty_cp_chars(char out[3])
{
	modbus_t *ctx = modbus_new_tcp("127.0.0.1", hems_sim_port(sim, 0));
	ck_assert_ptr_nonnull(ctx);
	modbus_set_slave(ctx, 19);
	modbus_set_response_timeout(ctx, 2, 0);
	ck_assert_int_eq(modbus_connect(ctx), 0);
	uint16_t reg = 0;
	ck_assert_int_eq(modbus_read_registers(ctx, 0x3008, 1, &reg), 1);
	modbus_close(ctx);
	modbus_free(ctx);
	out[0] = (char)(reg >> 8);
	out[1] = (char)(reg & 0xFF);
	out[2] = '\0';
}

START_TEST(hager_witty_plus)
{
	/* defaults of the simulator: available, 16 A setpoint, charging on three phases */
	char cp[3];
	witty_cp_chars(cp);
	ck_assert_str_eq(cp, "C2");
	ck_assert(it_get(inst, "witty", EMS_Q_CHARGER_STATE) == EMS_CHARGER_C);
	ck_assert(it_get(inst, "witty", EMS_Q_CHARGER_ENABLED) == 1);
	IT_NEAR(it_get(inst, "witty", EMS_Q_CHARGER_SET_CURRENT), 16, 1e-9);
	IT_NEAR(it_get(inst, "witty", EMS_Q_POWER), 16 * 230 * 3, 1);
	/* per phase: int16 W, int16 0.1 A, uint16 0.1 V */
	IT_NEAR(it_get(inst, "witty", EMS_Q_POWER_L2), 16 * 230, 1);
	IT_NEAR(it_get(inst, "witty", EMS_Q_CURRENT_L1), 16.0 / 0.95, 0.1);
	IT_NEAR(it_get(inst, "witty", EMS_Q_CURRENT_L3), 16.0 / 0.95, 0.1);
	IT_NEAR(it_get(inst, "witty", EMS_Q_VOLTAGE_L1), 230, 1.5);
	IT_NEAR(it_get(inst, "witty", EMS_Q_VOLTAGE_L3), 231.4, 1.5);
	/* session energy: uint32 Wh at 0x5000, a separate block */
	ck_assert_int_eq(hems_sim_set_value(sim, 0, 19, "energy_import", 70123), 0);
	size_t wb = it_dev(inst, "witty");
	ck_assert_int_eq(ems_installation_poll_device(inst, wb, 1001), EMS_OK);
	IT_NEAR(it_get(inst, "witty", EMS_Q_SESSION_ENERGY), 70123, 5);
	/* a charger has no lifetime meter in this map: absent, not zero */
	ems_reading r;
	ck_assert_int_eq(ems_installation_reading(inst, wb, &r), EMS_OK);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_ENERGY_IMPORT, NULL), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_FREQUENCY, NULL), EMS_ENOTFOUND);
	/* three documented blocks (0x3008-0x3014, 0x301E-0x3020, 0x5000-0x5001), nothing in between */
	ems_device_stats st;
	ck_assert_int_eq(ems_installation_device_stats(inst, wb, &st), EMS_OK);
	ck_assert_uint_eq(st.requests / st.successes, 3);
}
END_TEST

START_TEST(hager_witty_plus_writes)
{
	size_t wb = it_dev(inst, "witty");
	char cp[3];
	/* 0.1 A resolution: 10.5 A is 105 in 0x301E */
	ck_assert_int_eq(ems_installation_write(inst, wb, EMS_Q_CHARGER_SET_CURRENT, 10.5), EMS_OK);
	ck_assert_int_eq(ems_installation_poll_device(inst, wb, 1001), EMS_OK);
	IT_NEAR(it_get(inst, "witty", EMS_Q_CHARGER_SET_CURRENT), 10.5, 1e-9);
	IT_NEAR(it_get(inst, "witty", EMS_Q_POWER), 10.5 * 230 * 3, 1);
	/* availability 0: the car stays connected, no charging (state B) */
	ck_assert_int_eq(ems_installation_write(inst, wb, EMS_Q_CHARGER_ENABLED, 0), EMS_OK);
	ck_assert_int_eq(ems_installation_poll_device(inst, wb, 1002), EMS_OK);
	ck_assert(it_get(inst, "witty", EMS_Q_CHARGER_ENABLED) == 0);
	ck_assert(it_get(inst, "witty", EMS_Q_CHARGER_STATE) == EMS_CHARGER_B);
	witty_cp_chars(cp);
	ck_assert_int_eq(cp[0], 'B');
	IT_NEAR(it_get(inst, "witty", EMS_Q_POWER), 0, 0);
	ck_assert_int_eq(ems_installation_write(inst, wb, EMS_Q_CHARGER_ENABLED, 1), EMS_OK);
	ck_assert_int_eq(ems_installation_poll_device(inst, wb, 1003), EMS_OK);
	ck_assert(it_get(inst, "witty", EMS_Q_CHARGER_STATE) == EMS_CHARGER_C);
	witty_cp_chars(cp);
	ck_assert_str_eq(cp, "C2");
	/* the setpoint survived the pause */
	IT_NEAR(it_get(inst, "witty", EMS_Q_CHARGER_SET_CURRENT), 10.5, 1e-9);
	/* out of the uint16 range, and read-only quantities */
	ck_assert_int_eq(ems_installation_write(inst, wb, EMS_Q_CHARGER_SET_CURRENT, -1), EMS_ERANGE);
	ck_assert_int_eq(ems_installation_write(inst, wb, EMS_Q_CHARGER_STATE, EMS_CHARGER_C), EMS_ENOTSUP);
	ck_assert_int_eq(ems_installation_write(inst, wb, EMS_Q_SESSION_ENERGY, 0), EMS_ENOTSUP);
}
END_TEST

START_TEST(writes)
{
	size_t wb = it_dev(inst, "wallbox");
	ck_assert_int_eq(ems_installation_write(inst, wb, EMS_Q_CHARGER_SET_CURRENT, 10), EMS_OK);
	ck_assert_int_eq(ems_installation_poll_device(inst, wb, 1001), EMS_OK);
	IT_NEAR(it_get(inst, "wallbox", EMS_Q_CHARGER_SET_CURRENT), 10, 0);
	IT_NEAR(it_get(inst, "wallbox", EMS_Q_POWER), 10 * 230 * 3, 1);
	ck_assert_int_eq(ems_installation_write(inst, wb, EMS_Q_CHARGER_ENABLED, 0), EMS_OK);
	ck_assert_int_eq(ems_installation_poll_device(inst, wb, 1002), EMS_OK);
	ck_assert(it_get(inst, "wallbox", EMS_Q_CHARGER_STATE) == EMS_CHARGER_B);
	IT_NEAR(it_get(inst, "wallbox", EMS_Q_POWER), 0, 0);
	ck_assert_int_eq(ems_installation_write(inst, wb, EMS_Q_CHARGER_ENABLED, 1), EMS_OK);
	ck_assert_int_eq(ems_installation_poll_device(inst, wb, 1003), EMS_OK);
	ck_assert(it_get(inst, "wallbox", EMS_Q_CHARGER_STATE) == EMS_CHARGER_C);
	/* out of range for the register type, and not writable */
	ck_assert_int_eq(ems_installation_write(inst, wb, EMS_Q_CHARGER_SET_CURRENT, -5), EMS_ERANGE);
	ck_assert_int_eq(ems_installation_write(inst, wb, EMS_Q_POWER, 5), EMS_ENOTSUP);
	/* relay outputs of the I/O module */
	size_t io = it_dev(inst, "io");
	ck_assert_int_eq(ems_installation_write(inst, io, EMS_Q_OUTPUT_2, 1), EMS_OK);
	ck_assert_int_eq(ems_installation_poll_device(inst, io, 1004), EMS_OK);
	ck_assert(it_get(inst, "io", EMS_Q_OUTPUT_2) == 1);
	ck_assert(it_get(inst, "io", EMS_Q_OUTPUT_1) == 0);
	ck_assert_int_eq(ems_installation_write(inst, io, EMS_Q_OUTPUT_2, 0), EMS_OK);
	ck_assert_int_eq(ems_installation_poll_device(inst, io, 1005), EMS_OK);
	ck_assert(it_get(inst, "io", EMS_Q_OUTPUT_2) == 0);
	ck_assert_int_eq(ems_installation_write(inst, io, EMS_Q_INPUT_1, 1), EMS_ENOTSUP);
	/* disabled devices are not written */
	ck_assert_int_eq(ems_installation_set_enabled(inst, io, 0), EMS_OK);
	ck_assert_int_eq(ems_installation_write(inst, io, EMS_Q_OUTPUT_2, 1), EMS_EDISABLED);
	ck_assert(it_status(inst, "io") == EMS_STATUS_OFF);
	ck_assert_int_eq(ems_installation_set_enabled(inst, io, 1), EMS_OK);
	ck_assert_int_eq(ems_installation_poll(inst, 1006), EMS_OK);
	ck_assert(it_status(inst, "io") == EMS_STATUS_OK);
}
END_TEST

START_TEST(virtual_devices)
{
	double grid = it_get(inst, "sdm630", EMS_Q_POWER), pv = it_get(inst, "inverter", EMS_Q_POWER);
	double ev = it_get(inst, "wallbox", EMS_Q_POWER);
	IT_NEAR(it_get(inst, "house", EMS_Q_POWER), grid + pv - ev, 1e-6);
	double e = it_get(inst, "sdm630", EMS_Q_ENERGY_IMPORT) + it_get(inst, "inverter", EMS_Q_ENERGY_EXPORT) -
		   it_get(inst, "sdm630", EMS_Q_ENERGY_EXPORT);
	IT_NEAR(it_get(inst, "house_energy", EMS_Q_ENERGY_IMPORT), e, 1e-6);
	/* only the configured quantity */
	ems_reading r;
	ck_assert_int_eq(ems_installation_reading(inst, it_dev(inst, "house_energy"), &r), EMS_OK);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_POWER, NULL), EMS_ENOTFOUND);
	/* a source in error makes the virtual device an error, not a wrong number */
	ck_assert_int_eq(hems_sim_set_fault(sim, 0, 15, SIM_FAULT_EXCEPTION), 0);
	ck_assert_int_eq(ems_installation_poll(inst, 2000), EMS_OK);
	ck_assert(it_status(inst, "inverter") == EMS_STATUS_COMM_ERROR);
	ck_assert(it_status(inst, "house") == EMS_STATUS_COMM_ERROR);
	ems_device_stats st;
	ck_assert_int_eq(ems_installation_device_stats(inst, it_dev(inst, "house"), &st), EMS_OK);
	ck_assert_ptr_nonnull(strstr(st.last_error_text, "inverter"));
}
END_TEST

START_TEST(groups_and_loads)
{
	ems_reading r;
	double v;
	ck_assert_int_eq(ems_installation_group_reading(inst, "kitchen", &r), EMS_OK);
	ck_assert_int_eq(r.status, EMS_STATUS_OK);
	/* em340 is excluded from totals */
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_POWER, &v), EMS_OK);
	IT_NEAR(v, it_get(inst, "sdm120", EMS_Q_POWER) + it_get(inst, "sdm72", EMS_Q_POWER), 1e-6);
	ck_assert_int_eq(ems_installation_load_reading(inst, "heat_pump", &r), EMS_OK);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_ENERGY_IMPORT, &v), EMS_OK);
	IT_NEAR(v, it_get(inst, "sdm72", EMS_Q_ENERGY_IMPORT) + it_get(inst, "b23", EMS_Q_ENERGY_IMPORT), 1e-6);
	/* per-phase power is summed only where every member gives it */
	ck_assert_int_eq(ems_installation_group_reading(inst, "kitchen", &r), EMS_OK);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_POWER_L2, NULL), EMS_ENOTFOUND);
	/* a member in error: the total is an error too */
	ck_assert_int_eq(hems_sim_set_fault(sim, 0, 3, SIM_FAULT_EXCEPTION), 0);
	ck_assert_int_eq(ems_installation_poll(inst, 3000), EMS_OK);
	ck_assert_int_eq(ems_installation_group_reading(inst, "kitchen", &r), EMS_OK);
	ck_assert_int_eq(r.status, EMS_STATUS_COMM_ERROR);
	ck_assert_int_eq(ems_reading_get(&r, EMS_Q_POWER, NULL), EMS_ENOTFOUND);
	ck_assert_int_eq(ems_installation_group_reading(NULL, "kitchen", &r), EMS_EINVAL);
}
END_TEST

Suite *it_drivers_suite(void)
{
	Suite *s = suite_create("drivers");
	TCase *tc = tcase_create("drivers");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_device_is_read);
	tcase_add_test(tc, meters_give_the_simulated_values);
	tcase_add_test(tc, generic_pulse_io_battery);
	tcase_add_test(tc, charger_state);
	tcase_add_test(tc, hager_witty_plus);
	tcase_add_test(tc, not_available_values_are_absent);
	suite_add_tcase(s, tc);
	return s;
}

Suite *it_writes_suite(void)
{
	Suite *s = suite_create("writes");
	TCase *tc = tcase_create("writes");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, writes);
	tcase_add_test(tc, hager_witty_plus_writes);
	suite_add_tcase(s, tc);
	return s;
}

Suite *it_totals_suite(void)
{
	Suite *s = suite_create("totals");
	TCase *tc = tcase_create("totals");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, virtual_devices);
	tcase_add_test(tc, groups_and_loads);
	suite_add_tcase(s, tc);
	return s;
}
