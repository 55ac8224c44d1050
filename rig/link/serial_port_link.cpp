#include "rig/link/serial_port_link.hpp"

#include <libserialport.h>

#include <cerrno>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

namespace pumprig {

namespace {

std::string last_error() {
  char* msg = sp_last_error_message();
  std::string text = msg ? msg : "unknown error";
  sp_free_error_message(msg);
  return text;
}

// libserialport: SP_ERR_ARG / SP_ERR_FAIL / SP_ERR_MEM / SP_ERR_SUPP are negative; a short read is not an error.
void check(sp_return r, const std::string& what, const std::string& port) {
  if (r >= 0) return;
  const std::string reason = r == SP_ERR_FAIL ? last_error() : r == SP_ERR_SUPP ? "not supported by this port" : "invalid argument";
  throw std::runtime_error(fmt::format("serial:{}: {} failed: {}", port, what, reason));
}

long io_result(sp_return r) {
  if (r >= 0) return static_cast<long>(r);
  errno = EIO;
  return -1;
}

}  // namespace

SerialPortLink::SerialPortLink(EventLoop& loop, std::string path, SerialSettings settings)
    : FdLink(loop), path_(std::move(path)), settings_(settings) {}

SerialPortLink::~SerialPortLink() { close(); }

std::string SerialPortLink::describe() const { return "serial:" + path_; }

void SerialPortLink::open() {
  if (is_open()) return;
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec))
    throw std::runtime_error(fmt::format("serial:{}: no such port (is it plugged in? `pumprig ports` lists the serial ports)", path_));
  sp_port* port = nullptr;
  check(sp_get_port_by_name(path_.c_str(), &port), "looking up the port (`pumprig ports` lists the serial ports)", path_);
  auto fail = [&](sp_return r, const char* what) {
    if (r < 0) {
      sp_close(port);
      sp_free_port(port);
    }
    check(r, what, path_);
  };
  const sp_return opened = sp_open(port, SP_MODE_READ_WRITE);
  if (opened < 0) {
    sp_free_port(port);
    check(opened, "opening", path_);
  }
  fail(sp_set_baudrate(port, settings_.baud), "setting the baud rate");
  fail(sp_set_bits(port, settings_.data_bits), "setting data bits");
  fail(sp_set_parity(port, settings_.parity == Parity::none ? SP_PARITY_NONE
                           : settings_.parity == Parity::even ? SP_PARITY_EVEN : SP_PARITY_ODD),
       "setting parity");
  fail(sp_set_stopbits(port, settings_.stop_bits), "setting stop bits");
  fail(sp_set_flowcontrol(port, settings_.flow == FlowControl::none      ? SP_FLOWCONTROL_NONE
                                : settings_.flow == FlowControl::xonxoff ? SP_FLOWCONTROL_XONXOFF
                                                                         : SP_FLOWCONTROL_RTSCTS),
       "setting flow control");
  int fd = -1;
  fail(sp_get_port_handle(port, &fd), "getting the port handle");
  port_ = port;
  attach(fd);
}

long SerialPortLink::raw_read(std::uint8_t* buf, std::size_t n) { return io_result(sp_nonblocking_read(port_, buf, n)); }
long SerialPortLink::raw_write(const std::uint8_t* buf, std::size_t n) { return io_result(sp_nonblocking_write(port_, buf, n)); }

void SerialPortLink::release() {
  sp_close(port_);
  sp_free_port(port_);
  port_ = nullptr;
}

std::vector<SerialPortInfo> list_serial_ports() {
  std::vector<SerialPortInfo> out;
  sp_port** ports = nullptr;
  // A failed enumeration is no empty list: `ports` would say "no serial ports" and a usb:
  // connection "not plugged in".
  if (sp_list_ports(&ports) != SP_OK) throw std::runtime_error("cannot list the serial ports: " + last_error());
  auto text = [](const char* s) { return s ? std::string(s) : std::string(); };
  for (int i = 0; ports[i]; ++i) {
    sp_port* p = ports[i];
    SerialPortInfo info;
    info.name = text(sp_get_port_name(p));
    info.description = text(sp_get_port_description(p));
    const sp_transport transport = sp_get_port_transport(p);
    info.transport = transport == SP_TRANSPORT_USB ? "usb" : transport == SP_TRANSPORT_BLUETOOTH ? "bluetooth" : "native";
    if (transport == SP_TRANSPORT_USB) {
      int vid = 0, pid = 0;
      if (sp_get_port_usb_vid_pid(p, &vid, &pid) == SP_OK) {
        info.usb_vid = vid;
        info.usb_pid = pid;
      }
      info.usb_serial = text(sp_get_port_usb_serial(p));
      info.usb_manufacturer = text(sp_get_port_usb_manufacturer(p));
      info.usb_product = text(sp_get_port_usb_product(p));
    }
    out.push_back(std::move(info));
  }
  sp_free_port_list(ports);
  return out;
}


}  // namespace pumprig
