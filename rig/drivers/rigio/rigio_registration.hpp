#pragma once
// The rigio driver's entry in the driver registry (rig/drivers/registry.hpp).
#include "rig/drivers/registry.hpp"

namespace pumprig {

DriverEntry rigio_driver();

}  // namespace pumprig
