/** Processes (thread groups), tasks (threads), credentials, limits, signal dispositions, exit. */
package dev.javix.kernel.proc;
