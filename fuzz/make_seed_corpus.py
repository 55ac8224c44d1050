#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/ (run from anywhere).

Seeds are valid inputs: the fixtures and scenarios in fixtures/ and scenarios/, and protocol
exchanges as the drivers and simulators send them (hardware/firmware/rigio/PROTOCOL.md, the
NE-1000 and MT-SICS command tables). Targets with option bytes in front get them here too. Inputs
that crashed a target are kept out of the seed corpus until the crash is fixed; then add them as
regression seeds (corpus/<target>/crash-<what>)."""
import pathlib
import shutil
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def crc16_xmodem(data: bytes) -> int:
    crc = 0
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def safe_frame(payload: bytes) -> bytes:
    crc = crc16_xmodem(payload)
    return bytes([0x02, len(payload) + 4]) + payload + bytes([crc >> 8, crc & 0xFF, 0x03])


def basic_reply(payload: bytes) -> bytes:
    return b"\x02" + payload + b"\x03"


def write(target: str, seeds: dict) -> None:
    folder = CORPUS / target
    if folder.exists():
        for f in folder.iterdir():
            if not f.name.startswith("crash-"):
                f.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


MTSICS_REPLIES = [
    b'I4 A "SIM-B0001"\r\n', b'I2 A "XPR205 220.0000 g"\r\n', b'I1 A "0123" "2.30"  "1.0"\r\n',
    b'I3 A "1.0.0-sim"\r\n', b"S S      12.3456 g\r\n", b"S D      12.3400 g\r\n", b"S +\r\n",
    b"S -\r\n", b"S I\r\n", b"Z A\r\n", b"T S     0.0000 g\r\n", b"ES\r\n", b"ET\r\n", b"EL\r\n",
    b"S S Error 3t\r\n", b"C B\r\nC A\r\n", b"\x00\x11S S    -0.0021 kg\r\n", b"S S 12.5mg\r\n",
    b'I0 B 0 "I0"\r\nI0 B 1 "D"\r\nI0 A 2 "SNR"\r\n', b'I1 A "012" "2.20" "2.20" "2.20" ""\r\n',
    b'I5 A "SIM-00000000A"\r\n', b"D A\r\n", b"DW A\r\n", b"K A\r\n", b"K L\r\n", b"S L\r\n",
    b"TA A     2.5000 g\r\n",
]
SBI_LINES = [
    b"+   1255.7 g  \r\n", b"+  12.3456 g  \r\n", b"+  12.3456    \r\n", b"-   0.0321 g  \r\n",
    b"    0.0000 g  \r\n", b"         H    \r\n", b"         L    \r\n", b"  Err 54       \r\n",
    b"N     +  50.0001 g  \r\n", b"G     - 120.0000    \r\n", b"+ 1500.00 mg \r\n", b"+ 0.25000 kg \r\n",
    b"MSA225S\r\n", b"SIM-S0001\r\n", b"00-37-09-sim\r\n", b"\x00\x11+   2.0 g\r\n", b"+ 12.5", b"-12.5mg\n",
]
RIGIO_LINES = [
    b"READY RIGIO-328 1.0.0\r\n", b"ID PUMPRIG RIGIO-328 SIM-IO0001 1.0.0\r\n", b"VER 1.0.0 1\r\n",
    b"PONG\r\n", b"VALVE CLOSED\r\n", b"D 123460 152.3 - 22.41 C----\r\n",
    b"D 4294967295 -250.0 -3.5 -1.25 OATWE\r\n", b"STREAM 100\r\n", b"CHAN 2\r\n", b"LIMIT 1000.0\r\n",
    b"TRIP 1 318.8 OVER\r\n", b"WDOG 2000\r\n", b"HOLD 1500\r\n", b"ALARM 1\r\n",
    b"CAL T -0.25 1.0100\r\n", b"EV TRIP 1 -250.0 FAULT\r\n", b"EV WDOG\r\n", b"EV ALARM 0\r\n",
    b"ERR 06 TRIPPED\r\n",
]
NE1000_PAYLOADS = [
    b"00SNE1000V3.928", b"00I", b"00S", b"00W", b"00X", b"00A?S", b"00A?R", b"00A?T", b"00S?",
    b"00S?OOR", b"00I?NA", b"00S?COM", b"00S25.00MH", b"00SI1.234W0.000ML", b"00S26.59", b"01S",
]


def main() -> None:
    write("mtsics_parser", {f"reply-{i:02}": r for i, r in enumerate(MTSICS_REPLIES)}
          | {"all-replies": b"".join(MTSICS_REPLIES)})
    write("sartorius_parser", {f"line-{i:02}": r for i, r in enumerate(SBI_LINES)}
          | {"all-lines": b"".join(SBI_LINES)})
    write("rigio_parser", {f"line-{i:02}": r for i, r in enumerate(RIGIO_LINES)}
          | {"all-lines": b"".join(RIGIO_LINES)})
    write("ne1000_basic", {f"reply-{i:02}": basic_reply(p) for i, p in enumerate(NE1000_PAYLOADS)}
          | {"all-replies": b"".join(basic_reply(p) for p in NE1000_PAYLOADS),
             "noise-between": b"\x00\x00\x02\x0000S\x03\xff\x02" + b"00I" + b"\x03"})
    write("ne1000_safe", {f"reply-{i:02}": safe_frame(p) for i, p in enumerate(NE1000_PAYLOADS)}
          | {"all-replies": b"".join(safe_frame(p) for p in NE1000_PAYLOADS),
             "payload-version": b"00SNE1000V3.928"})
    write("ne1000_numbers", {
        "rate-25": struct.pack("<d", 25.0) + b"25.00MH",
        "small": struct.pack("<d", 0.0421) + b".5",
        "big": struct.pack("<d", 1500.0) + b"1500",
        "dispensed": struct.pack("<d", 9999.4) + b"I1.234W0.000ML",
        "zero": struct.pack("<d", 0.0) + b"0.000",
    })

    # CSV: first byte = options (bits 0-1 time unit s/min/h/iso8601, bit 2 temperature column
    # temp_c, bit 3 columns timestamp/weight, bit 4 stable column); second byte = format (bits 0-1
    # delimiter , ; tab detected, bits 2-3 decimal . , detected detected, bit 4 a complete last
    # line without a line end is kept, bit 5 a time format, bits 6-7 which); see fuzz_csv_readings.cpp.
    write("csv_readings", {
        "rig-samples": b"\x10\x00time_s,mass_g,stable\n-0.52,0.00012,1\n0.48,0.0031,0\n1.49,+0.0100,1\n",
        "rig-temperature": b"\x14\x00time_s,mass_g,stable,temp_c\n0,1,1,20.5\n1,2,1,20.7\n",
        "minutes": b"\x01\x00time_s,mass_g\n0.5,1\n1,2\n",
        "hours-crlf": b"\x02\x00time_s,mass_g\r\n0.5,1\r\n1,2\r\n\r\n",
        "iso8601": b"\x0b\x00timestamp,weight\n2024-05-01T11:59:59.750Z,1\n2024-05-01T12:00:00Z,2\n"
                   b"2024-05-01 14:00:30+02:00,3\n2024-05-01T12:01:00.5,4\n",
        "other-logger": b"\x08\x00\xef\xbb\xbfid,weight,timestamp,unit\r\n1, 2.5 ,0.5,g\r\n2,\"2.75\",1.0,g\r\n",
        "torn-last-line": b"\x10\x00time_s,mass_g,stable\n0,1,1\n1,2,1\n2,2.9",
        "semicolon-decimal-comma-detected": b"\x10\x1btime_s;mass_g;stable\n0;5,000;1\n30;5,208;1\n60;5,416;0",
        "tab-stated": b"\x00\x02time_s\tmass_g\n0\t5.0\n30\t5.2\n",
        "quoted-decimal-comma": b"\x00\x04time_s,mass_g\n\"0\",\"5,0\"\n\"30,5\",\"5,2\"\n",
        "day-first-dates": b"\x00\x3btime_s;mass_g\n01.05.2024 12:00:00;5,0\n01.05.2024 12:00:30,5;5,2\n",
        "us-dates-12-hour": b"\x00\x60time_s,mass_g\n05/01/24 11:59:30 AM,5.0\n05/01/24 12:00:00 PM,5.2\n",
    })

    fixtures = {p.name: p.read_bytes() for p in sorted((ROOT / "fixtures").glob("*.yaml"))}
    # The lab bench with its ports named by USB identity (usb:VID:PID?serial=...), which the shipped
    # file only shows in a comment.
    lab = fixtures["lab-bench.example.yaml"].decode()
    fixtures["lab-bench-usb.yaml"] = (lab.replace('"serial:/dev/ttyUSB0?baud=9600&format=8N1&flow=xonxoff"',
                                                  '"usb:0403:6001?serial=A10K1B2C&baud=9600&format=8N1&flow=xonxoff"')
                                         .replace('"serial:/dev/ttyUSB1?baud=19200"', '"usb:067b:2303?baud=19200"')
                                         .encode())
    assert fixtures["lab-bench-usb.yaml"] != fixtures["lab-bench.example.yaml"]
    write("fixture_loader", fixtures)
    shipped = sorted((ROOT / "scenarios").glob("*.yaml"))
    suites = [p for p in shipped if p.read_bytes().startswith(b"schema: pumprig.suite/")]
    write("scenario_loader", {p.name: p.read_bytes() for p in shipped if p not in suites})
    write("suite_loader", {**{p.name: p.read_bytes() for p in suites},
                           "one.yaml": b"schema: pumprig.suite/1\nid: one\nscenarios:\n  - free-flow-80cm.yaml\n",
                           "parameter-list.yaml": b"schema: pumprig.suite/1\nid: list\nscenarios:\n"
                                                  b"  - scenario: bench-check-5mlh.yaml\n"
                                                  b"    parameters: [ {rate: 1 ml/h}, {rate: 5 ml/h, duration: 2 h} ]\n"})

    # Firmware: four bytes of inputs (ADC P1, P2, T as count/4, alarm), then host bytes.
    normal = b"\x19\x19\x80\x00"
    session = (b"ID\r\nVER\r\nPING\r\nCHAN 2\r\nLIMIT 300.0\r\nWDOG 500\r\nHOLD 100\r\n"
               b"CAL P1 -1.5 1.0100\r\nCAL T 0.25 0.9900\r\nVALVE CLOSE\r\nSTREAM 100\r\nREAD\r\n"
               b"ALARM\r\nTRIP\r\nVALVE OPEN\r\nTRIP CLEAR\r\nSTREAM 0\r\nRST\r\n")
    write("firmware_rigio", {
        "session": normal + session,
        "over-pressure": b"\xf0\x19\x80\x01" + b"LIMIT 100.0\r\nVALVE CLOSE\r\nREAD\r\nTRIP\r\nTRIP CLEAR\r\n",
        "open-wire": b"\x00\x00\x00\x00" + b"CHAN 2\r\nVALVE CLOSE\r\nREAD\r\n",
        "errors": normal + b"FOO\r\nCAL X 1 1\r\nSTREAM 7\r\n" + b"A" * 60 + b"\r\nLIMIT 99999\r\n",
    })

    write("sim_mtsics", {
        "identify": b"\x00@\r\nI1\r\nI2\r\nI3\r\nI4\r\n",
        "weigh": b"\x00Z\r\nT\r\nS\r\nSI\r\nTA\r\nTAC\r\n",
        "stream": b"\x00SIR\r\n\x00\x00C\r\n",
        "unstable-queue": b"\x01S\r\nSI\r\nZ\r\nT\r\nSI\r\n",
        "busy-mg": b"\x06ZI\r\nSI\r\nS\r\n",
        # Level 0 identification, level 1 display, keys, tare preset and send-on-change, level 2 SNR.
        "level0": b"\x00I0\r\nI1\r\nI5\r\n",
        "display-keys": b"\x00D \"SAMPLE 1\"\r\nD x\r\nDW\r\nK 3\r\nK 9\r\nTA 2.5 g\r\nTA 1 lb\r\n",
        "send-on-change": b"\x40SR\r\nSR 0.5 g\r\nSR 1 lb\r\nSNR\r\nSNR 10 mg\r\n@\r\n",
        "send-on-change-unstable-fast": b"\xc1SR\r\nSNR 1 g\r\nSIR\r\nC\r\n",
        "old-balance-no-cancel": b"\x30I0\r\nI1\r\nI5\r\nSIR\r\nC\r\n@\r\n",
    })
    esc = b"\x1b"
    write("sim_sartorius", {
        "identify": b"\x00" + esc + b"x1_" + esc + b"x2_\r\n" + esc + b"x3_",
        "weigh": b"\x00" + esc + b"P" + esc + b"U" + esc + b"P" + esc + b"V\r\n" + esc + b"T" + esc + b"P",
        "unstable-queue": b"\x01" + esc + b"U" + esc + b"P" + esc + b"T" + esc + b"P",
        "auto-print-22": b"\x0c" + esc + b"P",
        "busy-mg": b"\x12" + esc + b"U" + esc + b"V" + esc + b"P",
        "noise": b"\x00hello\r\n" + esc + b"Q" + esc + b"x" + esc + b"P" + esc,
    })
    ne_basic = b"VER\r00VER\rDIA 26.59\rDIR INF\rRAT 25.00 MH\rVOL 0.000 ML\rCLD INF\rRUN\r\rDIS\rSTP\r"
    ne_safe = b"SAF 5\r" + b"".join(safe_frame(c) for c in [b"VER", b"RAT 25.00 MH", b"RUN", b"", b"DIS", b"STP", b"SAF 0"])
    write("sim_ne1000", {
        "basic": b"\x00" + ne_basic,
        "addressed": b"\x01" + b"1VER\r1RAT 1.000 MH\r1RUN\r1STP\r2VER\r",
        "safe": b"\x00" + ne_safe,
        "purge": b"\x00PUR\rRAT 5.000 MH\rSTP\r",
        # a client written against real pumps: a SAF 0 packet first, no spaces, lower case
        "third-party": b"\x00" + safe_frame(b"0SAF0") + b"0dirinf\r0volul\r*VER\r0 rat 1000 um\r0RAT\r0run\r0stp\r0stp\r",
        "powers-up-safe": b"\x04" + safe_frame(b"0VER") + safe_frame(b"0RUN") + b"\x02\x09" + safe_frame(b"0SAF0"),
    })
    write("harvard_reply", {
        "ver": b"\r\n11 ELITE I/W Single 3.0.7\r\n:",
        "status": b"\r\n6944444444 36000 250000000000 I...I.\r\n>",
        "status-five-flags": b"\r\n0 12 5 w.S.W\r\n*",
        "target": b"\r\n0 10000 100000000000 i...IT\r\nT*",
        "rate": b"\r\n25 ml/hr\r\n:\r\n500 ul/hr\r\n:\n1 mL/min\n:",
        "volume": b"\r\n250 ul\r\n:\r\nTarget volume not set\r\n:\r\n26.59 mm\r\n:",
        "errors": b"\r\nCommand error\r\n:\r\nUnknown command\r\n:\r\nArgument error\r\n:\r\nOut of range\r\n>",
        "addressed": b"\r\n12\r\n12:\r\n07>\r\n07<\r\n07*\r\n07T*",
        "noise": b"\xff\x13\x18\x00\x7f\r\n:",
    })
    harvard = (b"ver\raddress\rpoll on\rdiameter 26.59\rirate 25 ml/hr\rctvolume\rcivolume\rirun\r"
               b"status\rivolume\rstp\rstatus\rpoll off\r")
    write("sim_harvard", {
        "session": b"\x00" + harvard,
        "poll": b"\x04" + harvard,
        "addressed": b"\x01" + b"1:ver\r1:irate 1 ml/min\r1:tvol 10 ul\r1:irun\r\r1:stat\r2:ver\r01ver\r",
        "withdraw-target": b"\x00wrate 36 ml/hr\rwrun\rstp\rtvolume 100 ul\rirate 3600 ml/hr\rirun\r",
        "errors": b"\x00frob\rirate 25\rirun\rdiameter 99\rtvolume 0 ml\raddress 100\rver x\r\r\n",
    })
    write("sim_rigio", {
        "session": b"\x00" + session,
        "trip": b"\x07LIMIT 100.0\r\nVALVE CLOSE\r\nSTREAM 100\r\n",
        "alarm-watchdog": b"\x08WDOG 100\r\nVALVE CLOSE\r\nALARM\r\n",
    })


if __name__ == "__main__":
    main()
