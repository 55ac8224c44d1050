#pragma once
// The sartorius driver's entry in the driver registry (rig/drivers/registry.hpp).
#include "rig/drivers/registry.hpp"

namespace pumprig {

DriverEntry sartorius_driver();

}  // namespace pumprig
