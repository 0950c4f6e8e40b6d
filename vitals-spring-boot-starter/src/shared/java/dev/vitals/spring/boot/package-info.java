/**
 * The Spring Boot starters (4.x and 3.5 alike): {@link dev.vitals.spring.boot.VitalsAutoConfiguration} and its
 * {@code vitals.*} properties ({@link dev.vitals.spring.boot.VitalsProperties}).
 */
package dev.vitals.spring.boot;
