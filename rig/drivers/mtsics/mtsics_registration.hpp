#pragma once
// The mtsics driver's entry in the driver registry (rig/drivers/registry.hpp).
#include "rig/drivers/registry.hpp"

namespace pumprig {

DriverEntry mtsics_driver();

}  // namespace pumprig
