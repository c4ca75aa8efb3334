/* false: do nothing, unsuccessfully (exit status 1), like coreutils false. */
int main(void) {
    return 1;
}
