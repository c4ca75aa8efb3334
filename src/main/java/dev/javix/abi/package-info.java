/** Linux ABI constants (errno, signals): values and names only, no behaviour. A leaf package. */
package dev.javix.abi;
