// Placeholder entry until the command tree lands; replaced in the next commits.
import { Command } from 'commander';

const program = new Command('aks-netiso');
program.description('Diagnose and repair image-pull failures in network isolated AKS clusters');
program.parse(process.argv);
