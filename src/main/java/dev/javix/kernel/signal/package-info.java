/** Signal generation and delivery. */
package dev.javix.kernel.signal;
